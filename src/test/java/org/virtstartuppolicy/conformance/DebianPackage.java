package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Debian package this build made (target/virt-startup-policy_*_all.deb), installed, upgraded,
 * removed and purged with apt-get as an operator would, and where it puts what the tests use.
 */
final class DebianPackage {
    static final String NAME = "virt-startup-policy";
    static final Path HOOK = Path.of("/etc/libvirt/hooks/qemu.d/virt-startup-policy");
    static final Path LAUNCHER = Path.of("/usr/bin/virt-startup-policy");
    static final Path CONFIG = Path.of("/etc/virt-startup-policy/config.yaml");
    static final Path SITE_RULES = Path.of("/etc/virt-startup-policy/rules");
    static final Path DECISION_LOG = Path.of("/var/log/virt-startup-policy/decisions.jsonl");
    static final Path ARCHIVE = Path.of("/var/cache/virt-startup-policy/cds/virt-startup-policy.jsa");
    static final Path SERVICE_UNIT = Path.of("/lib/systemd/system/virt-startup-policy.service");
    static final Path SOCKET_UNIT = Path.of("/lib/systemd/system/virt-startup-policy.socket");
    /** apt-get runs the postinst, which makes the class-data-sharing archive: some seconds, more on a busy machine. */
    private static final Duration APT = Duration.ofMinutes(10);

    private DebianPackage() {
    }

    /** Whether this run tests the package rather than the operating guide's manual install (-Dconformance.install=package). */
    static boolean underTest() {
        return "package".equals(System.getProperty("conformance.install", "documented"));
    }

    /** The one .deb in target/, or null when the build made none. */
    static Path built() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> debs = files.filter(file -> file.getFileName().toString().matches(NAME + "_.*_all\\.deb")).toList();
            if (debs.size() > 1) {
                throw new IllegalStateException("more than one package in target/: " + debs + "; mvn clean package first");
            }
            return debs.isEmpty() ? null : debs.get(0).toAbsolutePath();
        }
    }

    /** {@code apt-get install -y ./target/virt-startup-policy_…_all.deb}, its dependencies from Debian. */
    static HostCommand install() throws IOException {
        return apt("install", "-y", built().toString());
    }

    /** The same package over itself: an upgrade, as dpkg runs it (prerm upgrade, postinst configure VERSION). */
    static HostCommand reinstall() throws IOException {
        return apt("install", "-y", "--reinstall", built().toString());
    }

    static HostCommand remove() {
        return apt("remove", "-y", NAME);
    }

    static HostCommand purge() {
        return apt("purge", "-y", NAME);
    }

    /** What a run puts back at its end: the package purged, unless a test already purged it (apt-get then fails). */
    static void purgeIfThere() {
        if (!status().isEmpty()) {
            purge().orThrow();
        }
    }

    /** dpkg's state of the package: "install ok installed", "deinstall ok config-files", or "" when unknown to dpkg. */
    static String status() {
        HostCommand query = HostCommand.run("dpkg-query", "-W", "-f=${Status}", NAME);
        return query.succeeded() ? query.out().strip() : "";
    }

    private static HostCommand apt(String... arguments) {
        List<String> command = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-q"));
        command.addAll(List.of(arguments));
        return HostCommand.run(APT, command);
    }
}
