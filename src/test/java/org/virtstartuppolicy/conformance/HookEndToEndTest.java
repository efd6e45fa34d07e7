package org.virtstartuppolicy.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.virtstartuppolicy.Documentation;
import org.virtstartuppolicy.conformance.GuestImages.Chain;
import org.virtstartuppolicy.conformance.GuestImages.Layout;

/**
 * The QEMU hook end to end, in the libvirtd the suite started. Runs after the plain cases, which
 * must see libvirt alone. Installed one of two ways:
 * <ul>
 * <li>by default, exactly as the operating guide's "By hand, on other distributions" steps say,
 *     with a config in /etc/virt-startup-policy written here, libvirtd restarted as the guide says;
 *     what it installs is put back at the end of the run;</li>
 * <li>with {@code -Dconformance.install=package}, as the Debian package this build made, with
 *     apt-get (src/test/deb/package-test.sh runs it so): the hook from qemu.d, the launcher from
 *     /usr/bin, the packaged config from /etc, site rules put in its rules folder, and libvirtd
 *     not restarted (the postinst's reload must be enough); purged at the end of the run. With
 *     {@code -Dconformance.service=unit} as well, the decision service runs, started by hand from
 *     the installed unit, and the hook asks it.</li>
 * </ul>
 */
@Tag("libvirt")
@Order(2)
@ExtendWith(ConformanceHost.Extension.class)
class HookEndToEndTest {
    private static final Path JAR = Path.of("target", "virt-startup-policy.jar").toAbsolutePath();
    private static final Path INSTALLED_JAR = Path.of("/usr/local/lib/virt-startup-policy/virt-startup-policy.jar");
    /** The launcher, the class-data-sharing archive and its id it makes beside the jar, the man page and completion. */
    private static final List<Path> INSTALLED_ALSO = List.of(
            Path.of("/usr/local/lib/virt-startup-policy/virt-startup-policy"),
            Path.of("/usr/local/lib/virt-startup-policy/virt-startup-policy.jsa"),
            Path.of("/usr/local/lib/virt-startup-policy/virt-startup-policy.jsa.id"),
            Path.of("/usr/local/share/man/man1/virt-startup-policy.1"),
            Path.of("/usr/share/bash-completion/completions/virt-startup-policy"));
    private static final Path WRAPPER = Path.of("/etc/libvirt/hooks/qemu.d/virt-startup-policy");
    private static final Path CONFIG = Path.of("/etc/virt-startup-policy/config.yaml");
    private static final Path SITE_RULE = Path.of("rules", "examples", "protect-boot-disk.drl").toAbsolutePath();
    private static final Path CDROM_OPTIONAL = Path.of("rules", "examples", "cdrom-default-optional.drl").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean PACKAGE = DebianPackage.underTest();
    /** Whether the decision service runs (package runs only): -Dconformance.service=unit. */
    static final boolean SERVICE = PACKAGE && "unit".equals(System.getProperty("conformance.service", "none"));
    /** Starts timed with and without the hook, alternately, after one of each to warm up. */
    private static final int TIMED_STARTS = 7;
    private static final double MOST_THE_SERVICE_MAY_ADD_SECONDS = 0.1;

    private static ConformanceHost host;
    private static Path folder;
    private static Path decisionLog;
    /** The documented install steps as written, run on this host. */
    private static HostCommand documentedInstall;
    /** The launcher the tests run commands with: the installed one. */
    private static Path launcher;
    private static UnitService service;

    @BeforeAll
    static void installTheHook(ConformanceHost conformanceHost) throws IOException {
        host = conformanceHost;
        folder = Files.createDirectories(host.scratch().resolve("hook"));
        if (PACKAGE) {
            installThePackage();
        } else {
            installAsDocumented();
        }
    }

    /**
     * apt-get installs the package into the running libvirtd, which is not restarted: the postinst
     * reloads it. Purged at the end of the run, the service (if started) stopped first.
     */
    private static void installThePackage() throws IOException {
        Assumptions.assumeTrue(DebianPackage.built() != null,
                "no target/virt-startup-policy_*_all.deb: build it first (mvn package -DskipTests)");
        launcher = DebianPackage.LAUNCHER;
        decisionLog = DebianPackage.DECISION_LOG;
        host.putBackAtEnd(DebianPackage::purgeIfThere);
        host.putBackAtEnd(() -> configure(null));
        HostCommand installed = DebianPackage.install();
        if (!installed.succeeded()) {
            throw new IllegalStateException("apt-get could not install the package: " + installed.err().strip() + "\n"
                    + installed.out().strip());
        }
        // the plain cases' events are forgotten, as the manual install's restart forgets them
        host.listenAgain();
        if (SERVICE) {
            service = UnitService.start(DebianPackage.SERVICE_UNIT, DebianPackage.SOCKET_UNIT, folder.resolve("service.log"));
            host.putBackAtEnd(service::close);
        }
    }

    /** The guide's steps as written, a config written here, and libvirtd restarted as the guide says. */
    private static void installAsDocumented() throws IOException {
        Assumptions.assumeTrue(Files.exists(JAR), "no " + JAR + ": build it first (mvn package -DskipTests)");
        launcher = INSTALLED_JAR.resolveSibling("virt-startup-policy");
        decisionLog = folder.resolve("decisions.jsonl");
        InstalledFiles installed = new InstalledFiles();
        for (Path file : List.of(INSTALLED_JAR, WRAPPER, CONFIG)) {
            installed.remember(file);
        }
        for (Path file : INSTALLED_ALSO) {
            installed.remember(file);
        }
        host.putBackAtEnd(installed::putBack);
        String steps = documentedHookInstallSteps();
        documentedInstall = runFromTheProjectFolder(steps);
        if (!documentedInstall.succeeded()) {
            // Reported by its own test below. On a fresh Debian what is missing is the hooks' folder:
            // it is made, so that the hook can still be judged.
            Files.createDirectories(WRAPPER.getParent());
            runFromTheProjectFolder(steps).orThrow();
        }
        configure(false);
        host.restartLibvirtd();
    }

    /** The first shell block under "### By hand, on other distributions" in the operating guide. */
    private static String documentedHookInstallSteps() throws IOException {
        return Documentation.firstBlock(Documentation.section(Documentation.OPERATING, "### By hand, on other distributions"), "sh");
    }

    /** Runs shell commands from the project's folder, where the documented steps' relative paths start. */
    private static HostCommand runFromTheProjectFolder(String commands) {
        return HostCommand.run("sh", "-e", "-c", "cd \"$1\"\n" + commands, "-", Path.of("").toAbsolutePath().toString());
    }

    /** The hook's config: the decision log and rule cache in the scratch folder and, when asked, the protect-boot-disk site rule. */
    private static void configure(boolean protectBootDisk) throws IOException {
        configure(protectBootDisk ? SITE_RULE : null);
    }

    /**
     * @param siteRule a site rule in force, or null for the baseline alone: with the package, put
     *                 in its site rules folder (the packaged config names it), which holds only it
     */
    private static void configure(Path siteRule) throws IOException {
        if (PACKAGE) {
            if (Files.isDirectory(DebianPackage.SITE_RULES)) {
                try (Stream<Path> rules = Files.list(DebianPackage.SITE_RULES)) {
                    for (Path rule : rules.toList()) {
                        Files.delete(rule);
                    }
                }
            }
            if (siteRule != null) {
                Files.copy(siteRule, DebianPackage.SITE_RULES.resolve(siteRule.getFileName()));
            }
            return;
        }
        Files.createDirectories(CONFIG.getParent());
        Files.writeString(CONFIG, "decisionLog: " + decisionLog + "\n"
                // compiled site rules are cached in the scratch folder, not in the host's /var/cache
                + "cacheDir: " + folder.resolve("rule-cache") + "\n"
                + (siteRule != null ? "rules:\n  site: [" + siteRule + "]\n" : ""));
    }

    @Test
    void documentedInstallStepsWorkAsWritten() {
        Assumptions.assumeFalse(PACKAGE, "installed as the Debian package");
        assertTrue(documentedInstall.succeeded(), "the hook install steps of " + Documentation.OPERATING
                + " fail as written: " + documentedInstall.err().strip());
    }

    /**
     * What the package installs, where the hook and the launcher need it: the hook a link in qemu.d
     * to the packaged script, the launcher by name, the class-data-sharing archive the postinst made
     * for the installed Java under /var (never beside the jar in /usr), the config a conffile.
     */
    @Test
    void thePackagePutsTheHookTheLauncherAndTheArchiveInTheirPlaces() throws IOException {
        Assumptions.assumeTrue(PACKAGE, "installed by the operating guide's steps");
        assertEquals(Path.of("/usr/share/virt-startup-policy/virt-startup-policy-hook"), Files.readSymbolicLink(DebianPackage.HOOK));
        assertTrue(Files.isExecutable(DebianPackage.HOOK), "libvirt runs only executable hooks");
        assertTrue(Files.isExecutable(DebianPackage.LAUNCHER));
        assertTrue(Files.size(DebianPackage.ARCHIVE) > 1_000_000, "the postinst made the archive");
        assertTrue(Files.readString(DebianPackage.ARCHIVE.resolveSibling("virt-startup-policy.jsa.id"))
                .contains("jar=/usr/share/virt-startup-policy/virt-startup-policy.jar "), "made for the installed jar");
        try (Stream<Path> beside = Files.list(Path.of("/usr/share/virt-startup-policy"))) {
            assertEquals(List.of("virt-startup-policy", "virt-startup-policy-hook", "virt-startup-policy.jar"),
                    beside.map(file -> file.getFileName().toString()).sorted().toList(), "nothing written beside the jar");
        }
        assertTrue(HostCommand.run("dpkg-query", "-W", "-f=${Conffiles}", DebianPackage.NAME).orThrow().out()
                .contains(" " + DebianPackage.CONFIG + " "), "the config is a conffile");
        HostCommand check = HostCommand.run(launcher.toString(), "check");
        assertTrue(check.succeeded(), "check on the packaged config and empty rules folder: " + check.err() + check.out());
    }

    /** Both units as systemd reads them (systemd-analyze verify needs no running systemd). */
    @Test
    void theInstalledUnitsVerify() {
        Assumptions.assumeTrue(PACKAGE, "installed by the operating guide's steps");
        Assumptions.assumeTrue(HostCommand.run("sh", "-c", "command -v systemd-analyze").succeeded(), "no systemd-analyze");
        HostCommand verify = HostCommand.run("systemd-analyze", "verify", DebianPackage.SOCKET_UNIT.toString(),
                DebianPackage.SERVICE_UNIT.toString());
        assertTrue(verify.succeeded() && verify.err().isBlank() && verify.out().isBlank(),
                "systemd-analyze verify: " + verify.err() + verify.out());
    }

    /**
     * What the hook adds to {@code virsh start} of a small guest (its system disk alone): the
     * medians of starts with the hook and without it (the hook taken out of qemu.d, which libvirt
     * reads at every call), alternately, in the same run. Printed for the record, with the
     * machine's load, and kept in target/conformance/; with the decision service answering, it
     * must add at most 0.1 s.
     */
    @Test
    void whatTheHookAddsToAStart() throws IOException {
        String guest = ConformanceCase.GUEST_PREFIX + "hook-start-time";
        Path setAside = folder.resolve("hook-set-aside");
        try (GuestImages images = new GuestImages(folder.resolve(guest))) {
            HostCommand.virsh("define", Files.writeString(folder.resolve(guest + ".xml"),
                    GuestDefinition.of(guest, images.systemDisk())).toString()).orThrow();
            List<Double> with = new ArrayList<>();
            List<Double> without = new ArrayList<>();
            for (int round = 0; round <= TIMED_STARTS; round++) {
                double hooked = startAndStop(guest);
                Files.move(WRAPPER, setAside);
                double alone;
                try {
                    alone = startAndStop(guest);
                } finally {
                    Files.move(setAside, WRAPPER);
                }
                if (round > 0) { // the first of each warms up (the service's JIT, the page cache)
                    with.add(hooked);
                    without.add(alone);
                }
            }
            double added = median(with) - median(without);
            String how = SERVICE ? "the decision service answering" : "no decision service: a JVM per decided call";
            String line = String.format(java.util.Locale.ROOT,
                    "virsh start of a small guest, median of %d (%s install, %s): %.3f s with the hook, %.3f s without;"
                            + " the hook adds %.3f s; load average %s", TIMED_STARTS, PACKAGE ? "package" : "documented", how,
                    median(with), median(without), added, Files.readString(Path.of("/proc/loadavg")).strip());
            System.out.println(line);
            Path record = Path.of("target", "conformance", "hook-start-time.txt");
            Files.createDirectories(record.getParent());
            Files.writeString(record, line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            if (SERVICE) {
                assertTrue(added <= MOST_THE_SERVICE_MAY_ADD_SECONDS, line);
            }
        } finally {
            if (Files.exists(setAside, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.move(setAside, WRAPPER);
            }
            host.removeGuest(guest);
        }
    }

    /** Seconds that {@code virsh start} took, for a start that must succeed; then the guest is stopped. */
    private static double startAndStop(String guest) {
        long start = System.nanoTime();
        HostCommand.virsh("start", guest).orThrow();
        double seconds = (System.nanoTime() - start) / 1e9;
        HostCommand.virsh("destroy", guest).orThrow();
        return seconds;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    @Test
    void intactRootOnlyImagesStart() throws IOException {
        String guest = ConformanceCase.GUEST_PREFIX + "hook-root-only";
        try (GuestImages images = new GuestImages(folder.resolve(guest))) {
            Chain chain = images.write(Layout.CHAIN, false);
            Breakage.ROOT_ONLY.apply(chain);
            HostCommand started = defineAndStart(guest, images, Device.DISK.xml(chain.top(), chain.format(), Policy.MANDATORY));
            assertTrue(started.succeeded(), "0600 root:root images must start: " + started.libvirtError());
            assertDecision(guest, "cold-boot", "start", "vdb", "keep");
        } finally {
            host.removeGuest(guest);
        }
    }

    @Test
    void optionalDiskMissingABackingFileIsDropped() throws IOException {
        String guest = ConformanceCase.GUEST_PREFIX + "hook-optional-dropped";
        try (GuestImages images = new GuestImages(folder.resolve(guest))) {
            Chain chain = images.write(Layout.CHAIN, false);
            Breakage.MIDDLE_MISSING.apply(chain);
            HostCommand started = defineAndStart(guest, images, Device.DISK.xml(chain.top(), chain.format(), Policy.OPTIONAL));
            assertTrue(started.succeeded(), "the hook must let the start go on: " + started.libvirtError());
            assertFalse(HostCommand.virsh("dumpxml", guest).orThrow().out().contains("dev='vdb'"),
                    "libvirt drops the optional disk");
            assertDecision(guest, "cold-boot", "start", "vdb", "remove");
        } finally {
            host.removeGuest(guest);
        }
    }

    /** The doctor on the installation as installed: nothing to fix. */
    @Test
    void theDoctorFindsNothingToFix() {
        HostCommand doctor = HostCommand.run(launcher.toString(), "check", "--host");
        assertEquals(0, doctor.exitCode(), doctor.out() + doctor.err());
        assertTrue(doctor.out().lines().allMatch(line -> line.startsWith("ok ") || line.startsWith("note ")), doctor.out());
    }

    /**
     * An operator's mistake in the config after the hook has decided once: the guest still starts,
     * decided with the last config and rules that worked, and the log says so; the off switch then
     * lets a start the rules refuse go on, as libvirt alone decides it.
     */
    @Test
    void aBrokenConfigDoesNotRefuseEveryGuestAndTheOffSwitchTurnsTheHookOff() throws IOException {
        String guest = ConformanceCase.GUEST_PREFIX + "hook-fail-safe";
        Path config = PACKAGE ? DebianPackage.CONFIG : CONFIG;
        Path off = config.resolveSibling("hook-off");
        String good = Files.readString(config);
        try (GuestImages images = new GuestImages(folder.resolve(guest))) {
            Chain chain = images.write(Layout.CHAIN, false);
            assertTrue(defineAndStart(guest, images, Device.DISK.xml(chain.top(), chain.format(), Policy.MANDATORY))
                    .succeeded(), "an intact guest starts");
            HostCommand.virsh("destroy", guest).orThrow();
            Files.writeString(config, good + "rules: [\n");

            HostCommand started = HostCommand.virsh("start", guest);
            assertTrue(started.succeeded(), "a broken config must not refuse the start: " + started.libvirtError());
            if (!SERVICE) { // the service decides with the config it last read, as a reload keeps it
                JsonNode decision = assertDecision(guest, "cold-boot", "start", "vdb", "keep");
                assertTrue(decision.path("fallback").asText().startsWith("decided with the config and rules that last"
                        + " worked"), "the log says the last good set decided: " + decision);
            }
            HostCommand.virsh("destroy", guest).orThrow();

            Breakage.LAST_MISSING.apply(chain);
            Files.createFile(off);
            HostCommand unchecked = HostCommand.virsh("start", guest);
            assertFalse(unchecked.succeeded(), "with the hook off, libvirt alone refuses a mandatory disk");
            assertFalse(unchecked.libvirtError().contains("virt-startup-policy: guest"), "the refusal is libvirt's own: "
                    + unchecked.libvirtError());
        } finally {
            Files.deleteIfExists(off);
            Files.writeString(config, good);
            host.removeGuest(guest);
        }
    }

    @Test
    void mandatoryDiskMissingDoesNotStart() throws IOException {
        String guest = ConformanceCase.GUEST_PREFIX + "hook-mandatory-missing";
        try (GuestImages images = new GuestImages(folder.resolve(guest))) {
            Chain chain = images.write(Layout.CHAIN, false);
            Breakage.LAST_MISSING.apply(chain);
            HostCommand started = defineAndStart(guest, images, Device.DISK.xml(chain.top(), chain.format(), Policy.MANDATORY));
            assertFalse(started.succeeded(), "a mandatory disk missing its base must not start");
            assertTrue(started.libvirtError().contains("virt-startup-policy: guest " + guest)
                            && started.libvirtError().contains(chain.last().toString()),
                    "virsh's error must be the hook's, naming " + chain.last() + ": " + started.libvirtError());
            assertDecision(guest, "cold-boot", "fail", "vdb", "fail");
        } finally {
            host.removeGuest(guest);
        }
    }

    @Test
    void siteRuleRefusesToDropTheBootDisk() throws IOException {
        String guest = ConformanceCase.GUEST_PREFIX + "hook-protect-boot-disk";
        try (GuestImages images = new GuestImages(folder.resolve(guest))) {
            Chain chain = images.write(Layout.CHAIN, false);
            Breakage.MIDDLE_MISSING.apply(chain);
            // The guest's only disk is the one it boots from; libvirt alone would drop it.
            String bootDisk = Device.DISK.xml(chain.top(), chain.format(), Policy.OPTIONAL).replace("'vdb'", "'vda'");
            configure(true);
            HostCommand started = defineAndStart(guest, GuestDefinition.of(guest, null, bootDisk));
            assertFalse(started.succeeded(), "the site rule must refuse to drop the boot disk");
            assertTrue(started.libvirtError().contains(chain.middle().toString()),
                    "virsh's error must name " + chain.middle() + ": " + started.libvirtError());
            JsonNode decision = assertDecision(guest, "cold-boot", "fail", "vda", "fail");
            assertTrue(decision.get("disks").get(0).get("rules").toString().contains("Boot disk is never dropped"),
                    "the site rule decided: " + decision);
        } finally {
            configure(false);
            host.removeGuest(guest);
        }
    }

    /**
     * The classic site rule that makes every undeclared cdrom optional: libvirt applies the
     * definition's policy on a cold boot, so the hook refuses until apply writes the site's policy
     * into the definition; then libvirt ejects the medium itself, and the outcome is logged.
     */
    @Test
    void aSiteClaimTakesEffectOnAColdBootOnceAppliedAndItsOutcomeIsLogged() throws IOException {
        String guest = ConformanceCase.GUEST_PREFIX + "hook-apply-cdrom-optional";
        try (GuestImages images = new GuestImages(folder.resolve(guest))) {
            Chain chain = images.write(Layout.RAW, false);
            Breakage.RAW_MISSING.apply(chain);
            configure(CDROM_OPTIONAL);
            HostCommand refused = defineAndStart(guest, images, Device.CDROM_IDE.xml(chain.top(), chain.format(), Policy.ABSENT));
            assertFalse(refused.succeeded(), "libvirt would fail the cold boot: the hook refuses it");
            assertTrue(refused.libvirtError().contains("site rule 'Undeclared removable medium is optional'")
                    && refused.libvirtError().contains("virt-startup-policy apply " + guest), refused.libvirtError());
            JsonNode decision = decisionsOf(guest).get(decisionsOf(guest).size() - 1);
            assertEquals("refused", decision.get("answer").asText(), decision.toString());
            assertTrue(decision.get("because").asText().contains("Undeclared removable medium is optional"), decision.toString());

            String before = HostCommand.virsh("dumpxml", "--inactive", guest).orThrow().out();
            HostCommand.run(launcher.toString(), "apply", guest).orThrow();
            String after = HostCommand.virsh("dumpxml", "--inactive", guest).orThrow().out();
            assertEquals(before, after.replace(" startupPolicy='optional'", ""), "only startupPolicy changes");
            assertTrue(after.contains(chain.top() + "' startupPolicy='optional'"), after);

            HostCommand started = HostCommand.virsh("start", guest);
            assertTrue(started.succeeded(), "libvirt ejects the medium itself: " + started.libvirtError());
            assertFalse(HostCommand.virsh("dumpxml", guest).orThrow().out().contains(chain.top().toString()), "ejected");
            JsonNode allowed = assertDecision(guest, "cold-boot", "start", "hdc", "eject");
            assertEquals("allowed", allowed.get("answer").asText());
            // the hook script spooled started begin: a run of the tool folds it in
            HostCommand.run(launcher.toString(), "explain", "--domain", guest).orThrow();
            JsonNode outcome = outcomeOf(allowed);
            assertEquals("started", outcome.get("outcome").asText(), outcome.toString());
            assertEquals("[{\"target\":\"hdc\",\"action\":\"eject\"}]", outcome.get("dropped").toString());
            assertFalse(outcome.get("differs").asBoolean(), outcome.toString());
        } finally {
            configure(false);
            host.removeGuest(guest);
        }
    }

    @Test
    void aStartQemuRefusesAfterTheHookAllowedItEndsInAFailedOutcome() throws IOException {
        String guest = ConformanceCase.GUEST_PREFIX + "hook-qemu-refuses";
        try (GuestImages images = new GuestImages(folder.resolve(guest))) {
            String xml = GuestDefinition.of(guest, images.systemDisk())
                    .replace("<domain type='qemu'>", "<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>")
                    .replace("</domain>", "  <qemu:commandline><qemu:arg value='-no-such-option'/></qemu:commandline>\n</domain>");
            HostCommand started = defineAndStart(guest, xml);
            assertFalse(started.succeeded(), "QEMU refuses an option it does not know");
            JsonNode allowed = assertDecision(guest, "cold-boot", "start", "vda", "keep");
            HostCommand.run(launcher.toString(), "explain", "--domain", guest).orThrow();
            assertEquals("failed", outcomeOf(allowed).get("outcome").asText());
        } finally {
            host.removeGuest(guest);
        }
    }

    /** A FIFO would block libvirtd for every client until something writes to it: the hook refuses at once. */
    @Test
    void anOptionalDiskThatIsAFifoIsRefusedAtOnceAndLibvirtdNeverBlocks() throws IOException, InterruptedException {
        String guest = ConformanceCase.GUEST_PREFIX + "hook-fifo";
        try (GuestImages images = new GuestImages(folder.resolve(guest))) {
            Path fifo = folder.resolve(guest).resolve("fifo.img");
            HostCommand.run("mkfifo", fifo.toString()).orThrow();
            long start = System.nanoTime();
            HostCommand started;
            // were the hook to let the start go on, libvirt would block: the writer bounds it
            try (FifoWriter writer = FifoWriter.after(fifo, Duration.ofSeconds(30))) {
                started = defineAndStart(guest, images, Device.DISK.xml(fifo, "raw", Policy.OPTIONAL));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertFalse(started.succeeded());
            assertTrue(started.libvirtError().contains("libvirt would block opening it"), started.libvirtError());
            assertTrue(seconds < 20, "virsh start returned after " + seconds + " s");
            assertTrue(HostCommand.virsh("version").succeeded(), "libvirtd still answers");
        } finally {
            host.removeGuest(guest);
        }
    }

    private static JsonNode outcomeOf(JsonNode decision) throws IOException {
        for (String line : Files.readAllLines(decisionLog)) {
            JsonNode outcome = JSON.readTree(line);
            if ("outcome".equals(outcome.path("kind").asText()) && outcome.get("decisionId").equals(decision.get("decisionId"))) {
                return outcome;
            }
        }
        throw new AssertionError("no outcome line completes " + decision.get("decisionId") + " in " + decisionLog);
    }

    @Test
    void restoreEjectsAMissingMedium() throws IOException {
        String guest = ConformanceCase.GUEST_PREFIX + "hook-restore-eject";
        try (GuestImages images = new GuestImages(folder.resolve(guest))) {
            Chain chain = images.write(Layout.RAW, false);
            defineAndStart(guest, images, Device.CDROM_IDE.xml(chain.top(), chain.format(), Policy.REQUISITE)).orThrow();
            Path saved = folder.resolve(guest + ".save");
            HostCommand.virsh("save", guest, saved.toString()).orThrow();
            Breakage.RAW_MISSING.apply(chain);
            HostCommand restored = HostCommand.virsh("restore", saved.toString());
            assertTrue(restored.succeeded(), "the restore must eject the medium and go on: " + restored.libvirtError());
            String live = HostCommand.virsh("dumpxml", guest).orThrow().out();
            assertFalse(live.contains(chain.top().toString()), "the medium is ejected in the live XML:\n" + live);
            assertDecision(guest, "restore", "start", "hdc", "eject");
        } finally {
            host.removeGuest(guest);
        }
    }

    /**
     * The rows where the start context changes libvirt's decision (a requisite medium missing, an
     * optional hard disk missing), for every kind of start: with the hook in place, libvirt must
     * do exactly what it did alone in the plain case of the same name.
     */
    @TestFactory
    Stream<DynamicTest> hookAgreesWithLibvirtAloneInEveryStartContext() {
        CaseRunner runner = new CaseRunner(host);
        return Arrays.stream(GuestStart.values()).flatMap(start -> Stream.of(
                new ConformanceCase(start, Device.CDROM_IDE, Policy.REQUISITE, Breakage.RAW_MISSING),
                new ConformanceCase(start, Device.DISK, Policy.OPTIONAL, Breakage.TOP_MISSING)))
                .map(hooked -> DynamicTest.dynamicTest("hook " + hooked.name(), () -> {
                    LiveOutcome alone = LibvirtAlone.outcomeOf(hooked);
                    Assumptions.assumeTrue(alone != null, "the plain case " + hooked.name() + " did not run first");
                    CaseResult withHook = runner.run(hooked);
                    assertTrue(withHook.libvirt() != null, String.join("; ", withHook.differences()));
                    assertEquals(alone.kind(), withHook.libvirt().kind(), hooked.name() + ": libvirt alone "
                            + alone.kind().label + " (" + alone.message() + "), with the hook " + withHook.libvirt().kind().label
                            + " (" + withHook.libvirt().message() + ")");
                    assertEquals(alone.disks(), withHook.libvirt().disks(), hooked.name() + ": the disks");
                    assertEquals(alone.events(), withHook.libvirt().events(), hooked.name() + ": the events");
                    boolean decided = decisionsOf(hooked.guest()).stream().anyMatch(d -> d.path("context").asText()
                            .equals(hooked.start().context));
                    if (alone.failedBeforeTheHook()) {
                        // libvirt never called the hook, so it has nothing to have decided
                        assertFalse(decided, hooked.name() + ": a decision logged for a start that failed before the hook");
                    } else {
                        assertTrue(decided, hooked.name() + ": no " + hooked.start().context + " decision for "
                                + hooked.guest() + " in the decision log (libvirt: " + withHook.libvirt().message() + ")");
                    }
                }));
    }

    private static List<JsonNode> decisionsOf(String guest) throws IOException {
        List<JsonNode> decisions = new ArrayList<>();
        for (String line : Files.exists(decisionLog) ? Files.readAllLines(decisionLog) : List.<String>of()) {
            JsonNode decision = JSON.readTree(line);
            if (!decision.has("kind") && decision.get("domain").asText().equals(guest)) {
                decisions.add(decision);
            }
        }
        return decisions;
    }

    private static HostCommand defineAndStart(String guest, GuestImages images, String disk) throws IOException {
        return defineAndStart(guest, GuestDefinition.of(guest, images.systemDisk(), disk));
    }

    private static HostCommand defineAndStart(String guest, String xml) throws IOException {
        HostCommand.virsh("define", Files.writeString(folder.resolve(guest + ".xml"), xml).toString()).orThrow();
        return HostCommand.virsh("start", guest);
    }

    /** The hook's decision for the guest in that context, from the decision log, with that verdict and disk action. */
    private static JsonNode assertDecision(String guest, String context, String verdict, String target, String action)
            throws IOException {
        List<JsonNode> decisions = decisionsOf(guest).stream().filter(d -> d.path("context").asText().equals(context))
                .toList();
        // a restore is decided at restore begin and again at the prepare that follows it
        assertFalse(decisions.isEmpty(), "a " + context + " decision for " + guest + " in " + decisionLog);
        JsonNode decision = decisions.get(decisions.size() - 1);
        assertEquals(verdict, decision.get("verdict").asText(), "verdict in the decision log: " + decision);
        for (JsonNode disk : decision.get("disks")) {
            if (disk.get("target").asText().equals(target)) {
                assertEquals(action, disk.get("action").asText(), target + "'s action in the decision log: " + decision);
                return decision;
            }
        }
        throw new AssertionError("no " + target + " in the decision log line " + decision);
    }
}
