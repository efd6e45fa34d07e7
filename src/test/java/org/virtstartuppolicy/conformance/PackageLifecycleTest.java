package org.virtstartuppolicy.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.virtstartuppolicy.conformance.GuestImages.Chain;
import org.virtstartuppolicy.conformance.GuestImages.Layout;

/**
 * The Debian package after the hook tests (-Dconformance.install=package, the run without the
 * service): upgraded over itself with an edited config and a site rule of the host's own, which
 * both stay and the upgraded hook decides; removed, after which no hook is left in libvirt's path
 * and a guest starts as libvirt alone decides; purged, after which only the site's own rule is
 * left of it (then removed here). src/test/deb/package-test.sh compares the whole file system
 * before the install and after the purge.
 */
@Tag("libvirt")
@Order(3)
@ExtendWith(ConformanceHost.Extension.class)
class PackageLifecycleTest {
    private static final Path SITE_RULE = Path.of("rules", "examples", "protect-boot-disk.drl").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anUpgradeKeepsTheSitesEditsARemovalTakesTheHookAwayAndAPurgeLeavesOnlyTheSitesOwnRules(ConformanceHost host)
            throws IOException {
        Assumptions.assumeTrue(DebianPackage.underTest(), "not a run of the Debian package (-Dconformance.install=package)");
        Assumptions.assumeFalse(HookEndToEndTest.SERVICE, "the service started by hand here would outlive the removed"
                + " package (systemd's prerm would stop it): the run without the service checks the package's life");
        Path folder = Files.createDirectories(host.scratch().resolve("lifecycle"));
        if (!DebianPackage.status().equals("install ok installed")) {
            host.putBackAtEnd(DebianPackage::purgeIfThere);
            DebianPackage.install().orThrow();
        }
        Path ownRule = DebianPackage.SITE_RULES.resolve("host-own.drl");
        host.putBackAtEnd(() -> removeTheSitesOwnRule(ownRule));

        // an operator's edit of the config, and a site rule of the host's own
        String edited = Files.readString(DebianPackage.CONFIG) + "# edited on this host\nlogEvaluate: false\n";
        Files.writeString(DebianPackage.CONFIG, edited);
        Files.copy(SITE_RULE, ownRule);
        FileTime archiveMade = Files.getLastModifiedTime(DebianPackage.ARCHIVE);

        HostCommand upgraded = DebianPackage.reinstall();
        assertTrue(upgraded.succeeded(), "the upgrade: " + upgraded.err() + upgraded.out());
        assertEquals(edited, Files.readString(DebianPackage.CONFIG), "the upgrade keeps the edited config");
        assertEquals(Files.readString(SITE_RULE), Files.readString(ownRule), "and the site's rules");
        try (Stream<Path> config = Files.list(DebianPackage.CONFIG.getParent())) {
            assertEquals(List.of("config.yaml", "rules"), config.map(file -> file.getFileName().toString()).sorted().toList(),
                    "no .dpkg-dist or .dpkg-old beside the config");
        }
        assertNotEquals(archiveMade, Files.getLastModifiedTime(DebianPackage.ARCHIVE), "the postinst made the archive again");
        String guest = ConformanceCase.GUEST_PREFIX + "package-lifecycle";
        try (GuestImages images = new GuestImages(folder.resolve(guest))) {
            Chain chain = images.write(Layout.CHAIN, false);
            Breakage.MIDDLE_MISSING.apply(chain);
            Path xml = Files.writeString(folder.resolve(guest + ".xml"), GuestDefinition.of(guest, images.systemDisk(),
                    Device.DISK.xml(chain.top(), chain.format(), Policy.OPTIONAL)));
            HostCommand.virsh("define", xml.toString()).orThrow();
            HostCommand.virsh("start", guest).orThrow();
            assertEquals(1, decisionsFor(guest), "the upgraded hook decided the start");
            HostCommand.virsh("destroy", guest).orThrow();

            HostCommand removed = DebianPackage.remove();
            assertTrue(removed.succeeded(), "the removal: " + removed.err() + removed.out());
            assertEquals("deinstall ok config-files", DebianPackage.status());
            assertFalse(Files.exists(DebianPackage.HOOK, LinkOption.NOFOLLOW_LINKS), "no hook left in libvirt's path");
            assertFalse(Files.exists(DebianPackage.LAUNCHER, LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(Path.of("/usr/share/virt-startup-policy")));
            assertFalse(Files.exists(DebianPackage.ARCHIVE.getParent()), "the archive of a jar that is gone");
            assertEquals(edited, Files.readString(DebianPackage.CONFIG), "the config stays until the purge");
            HostCommand started = HostCommand.virsh("start", guest);
            assertTrue(started.succeeded(), "with the package removed a guest starts, libvirt alone deciding: "
                    + started.libvirtError());
            assertFalse(HostCommand.virsh("dumpxml", guest).orThrow().out().contains("dev='vdb'"), "libvirt dropped the disk");
            assertEquals(1, decisionsFor(guest), "no hook decided that start");
        } finally {
            host.removeGuest(guest);
        }

        HostCommand purged = DebianPackage.purge();
        assertTrue(purged.succeeded(), "the purge: " + purged.err() + purged.out());
        assertEquals("", DebianPackage.status(), "dpkg no longer knows the package");
        for (Path gone : List.of(DebianPackage.CONFIG, DebianPackage.DECISION_LOG.getParent(), Path.of("/var/cache/virt-startup-policy"),
                Path.of("/run/virt-startup-policy"), Path.of("/etc/logrotate.d/virt-startup-policy"),
                Path.of("/etc/systemd/system/sockets.target.wants/virt-startup-policy.socket"))) {
            assertFalse(Files.exists(gone, LinkOption.NOFOLLOW_LINKS), gone + " after the purge");
        }
        assertTrue(Files.exists(ownRule), "a rule the site wrote itself is the site's: the purge leaves it");
    }

    /** Decision lines for the guest in the package's decision log. */
    private static long decisionsFor(String guest) throws IOException {
        if (!Files.exists(DebianPackage.DECISION_LOG)) {
            return 0;
        }
        long decisions = 0;
        for (String line : Files.readAllLines(DebianPackage.DECISION_LOG)) {
            JsonNode entry = JSON.readTree(line);
            // outcome and apply lines have a kind; decisions do not
            if (!entry.has("kind") && entry.path("domain").asText().equals(guest)) {
                decisions++;
            }
        }
        return decisions;
    }

    /** What the operator would remove by hand after a purge: the own rule and the folders left for it. */
    private static void removeTheSitesOwnRule(Path ownRule) throws IOException {
        Files.deleteIfExists(ownRule);
        for (Path folder : List.of(ownRule.getParent(), ownRule.getParent().getParent())) {
            try (Stream<Path> left = Files.exists(folder) ? Files.list(folder) : Stream.empty()) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(folder);
                }
            }
        }
    }
}
