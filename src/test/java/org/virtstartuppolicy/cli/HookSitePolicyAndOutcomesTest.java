package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.image.QemuUser;

/**
 * The shipped hook script, as libvirt runs it, where site policy and libvirt meet: a site rule
 * that relaxes a cold boot (libvirt would not carry it out, so the hook refuses, saying why and
 * how to apply it), a restore (whose definition the hook hands back), and the later calls that
 * tell what a start the hook let go on then did, spooled without a JVM and folded into the log.
 */
class HookSitePolicyAndOutcomesTest {
    private static final Path CDROM_OPTIONAL = Path.of("rules/examples/cdrom-default-optional.drl").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path config;
    private Path log;
    private Path state;
    private Path launcher;
    private Path launched;

    private record Result(int exitCode, String out, String err) {
    }

    @BeforeEach
    void host() throws IOException {
        log = dir.resolve("decisions.jsonl");
        state = dir.resolve("state");
        launched = dir.resolve("launched");
        QemuUser me = QemuUser.current();
        config = Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid() + "}\n"
                + "decisionLog: " + log + "\nstateDir: " + state + "\nrules:\n  site: [" + CDROM_OPTIONAL + "]\n");
        // the test build's classes, and a trace of each launch: the outcome calls must start none
        launcher = Files.writeString(dir.resolve("launcher"), "#!/bin/sh\necho \"$3 $4\" >> '" + launched + "'\nexec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '"
                + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Result hook(String xml, String operation, String suboperation) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Installed.HOOK.toString(), "guest", operation, suboperation, "-");
        builder.environment().put("VIRT_STARTUP_POLICY_CONFIG", config.toString());
        builder.environment().put("VIRT_STARTUP_POLICY_LAUNCHER", launcher.toString());
        builder.environment().put("VIRT_STARTUP_POLICY_STATE", state.toString());
        builder.environment().put("VIRT_STARTUP_POLICY_SOCKET", dir.resolve("no-service").toString());
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(xml.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the script returns at once for a call it has nothing to do with, reading nothing
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        return new Result(process.exitValue(), out, err);
    }

    /** A guest with a cdrom that declares no policy and whose medium is gone: libvirt fails a cold boot. */
    private String guestMissingItsMedium() throws IOException {
        Path system = TestImages.raw(dir.resolve("system.raw"));
        return TestDomains.domain(TestDomains.disk("file", "disk", "raw", system.toString(), null, "vda"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("install.iso").toString(), null, "sda"));
    }

    private List<JsonNode> logged() throws IOException {
        return Files.readAllLines(log).stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void aSiteRuleThatRelaxesAColdBootIsRefusedNamingTheRuleAndApply() throws Exception {
        Result prepare = hook(guestMissingItsMedium(), "prepare", "begin");

        assertEquals(1, prepare.exitCode(), prepare.err());
        assertTrue(prepare.err().startsWith("virt-startup-policy: guest guest: sda: site rule 'Undeclared removable medium"
                + " is optional' (" + CDROM_OPTIONAL + ") wants eject, but libvirt decides a cold boot from the definition it"
                + " has (no startupPolicy: mandatory) and would fail the start: Cannot access storage file '"
                + dir.resolve("install.iso") + "': No such file or directory;"), prepare.err());
        assertTrue(prepare.err().strip().endsWith("virt-startup-policy apply guest"), prepare.err());
        JsonNode decision = logged().get(0);
        assertEquals("start", decision.get("verdict").asText(), "the site's own decision");
        assertEquals("refused", decision.get("answer").asText(), "what the hook did");
        assertTrue(decision.get("because").asText().contains("sda: site rule 'Undeclared removable medium is optional'"
                + " (" + CDROM_OPTIONAL + ") wants eject, libvirt would fail"), decision.toString());
        assertFalse(Files.exists(state.resolve("6f0c9f8e-3b1a-4c55-9d0e-2a7b1c4d5e6f.pending")), "no start to wait for");

        CommandRun explain = CommandRun.of("explain", "-c", config.toString());
        assertTrue(explain.out().contains("cold-boot: refused"), explain.out());
        assertTrue(explain.out().contains("the hook refused a start the site allows"), explain.out());
    }

    @Test
    void aRestoreHandsBackTheDefinitionWithTheMediumTheSiteEjects() throws Exception {
        Result restore = hook(guestMissingItsMedium(), "restore", "begin");

        assertEquals(0, restore.exitCode(), restore.err());
        assertTrue(restore.out().contains("<target dev='sda' bus='sata'/>"), restore.out());
        assertFalse(restore.out().contains("install.iso"), "the medium ejected: " + restore.out());
        assertEquals("allowed", logged().get(0).get("answer").asText());
    }

    @Test
    void aStartThatWentOnIsCompletedByStartedBeginWithTheDisksLibvirtDropped() throws Exception {
        Path system = TestImages.raw(dir.resolve("system.raw"));
        Path overlay = TestImages.qcow2(dir.resolve("scratch.qcow2"), "gone.qcow2", "qcow2");
        String definition = TestDomains.domain(TestDomains.disk("file", "disk", "raw", system.toString(), null, "vda"),
                TestDomains.disk("file", "disk", "qcow2", overlay.toString(), "optional", "vdb"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("gone.iso").toString(), "optional", "sda"));
        assertEquals(0, hook(definition, "prepare", "begin").exitCode());
        assertEquals(List.of("prepare begin"), Files.readAllLines(launched));

        // what libvirt runs: vdb removed, sda's medium ejected
        String live = TestDomains.domain(TestDomains.disk("file", "disk", "raw", system.toString(), null, "vda"),
                TestDomains.disk("file", "cdrom", "raw", null, null, "sda"));
        assertEquals(new Result(0, "", ""), hook(live, "started", "begin"));
        assertEquals(List.of("prepare begin"), Files.readAllLines(launched), "no JVM for the outcome");
        try (Stream<Path> spooled = Files.list(state.resolve("spool"))) {
            assertEquals(1, spooled.count(), "spooled for the next run to fold in");
        }

        CommandRun explain = CommandRun.of("explain", "-c", config.toString());
        assertTrue(explain.out().contains("  then: started ("), explain.out());
        assertTrue(explain.out().contains(", vdb removed, sda ejected\n"), explain.out());
        JsonNode outcome = logged().get(1);
        assertEquals("outcome", outcome.get("kind").asText());
        assertEquals(logged().get(0).get("decisionId"), outcome.get("decisionId"));
        assertFalse(outcome.get("differs").asBoolean());
        try (Stream<Path> spooled = Files.list(state.resolve("spool"))) {
            assertEquals(0, spooled.count(), "folded in");
        }
    }

    @Test
    void aStartThatFailsAfterTheHookAllowedItEndsInAFailedOutcome() throws Exception {
        Path system = TestImages.raw(dir.resolve("system.raw"));
        String definition = TestDomains.domain(TestDomains.disk("file", "disk", "raw", system.toString(), null, "vda"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("install.iso").toString(), "optional", "sda"));
        assertEquals(0, hook(definition, "prepare", "begin").exitCode());
        // QEMU refused it: libvirt calls stopped end and release end, never started begin
        assertEquals(0, hook(definition, "stopped", "end").exitCode());
        assertEquals(0, hook(definition, "release", "end").exitCode());
        // the next start's prepare folds the spooled call in
        hook(definition, "prepare", "begin");

        JsonNode outcome = logged().stream().filter(line -> line.has("kind")).findFirst().orElseThrow();
        assertEquals("failed", outcome.get("outcome").asText());
        assertEquals(logged().get(0).get("decisionId"), outcome.get("decisionId"));
    }

    @Test
    void laterCallsOfAGuestWithNoStartPendingAreNotKept() throws Exception {
        Files.createDirectories(state);
        assertEquals(new Result(0, "", ""), hook(guestMissingItsMedium(), "started", "begin"));
        assertEquals(new Result(0, "", ""), hook(guestMissingItsMedium(), "release", "end"));
        try (Stream<Path> spooled = Files.list(state.resolve("spool"))) {
            assertEquals(0, spooled.count());
        }
        assertFalse(Files.exists(launched));
    }
}
