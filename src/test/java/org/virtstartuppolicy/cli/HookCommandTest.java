package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainXmlReader;
import org.virtstartuppolicy.image.QemuUser;

/**
 * The hook run exactly as libvirt runs /etc/libvirt/hooks/qemu.d/virt-startup-policy: the shipped
 * script called with the guest name, operation, sub-operation and extra argument, the full domain
 * XML on standard input, and the configuration found through the environment.
 */
class HookCommandTest {
    @TempDir
    Path dir;

    private Path hook;
    private Path launcher;
    private Path log;
    private Path present;
    private Path overlay;

    private record Result(int exitCode, String out, String err) {
    }

    @BeforeEach
    void installTheHook() throws IOException {
        // The shipped hook script, running a launcher that runs the test build's classes.
        hook = Installed.HOOK;
        // with the shipped launcher's options for short runs, which keep each of the many runs here to a second
        launcher = Files.writeString(dir.resolve("launcher"), "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"),
                "bin", "java") + "' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -cp '"
                + System.getProperty("java.class.path") + "' " + Main.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        log = dir.resolve("decisions.jsonl");
        configure(log, "");
        present = TestImages.raw(dir.resolve("system.raw"));
        overlay = TestImages.qcow2(dir.resolve("scratch.qcow2"), "gone.qcow2", "qcow2");
    }

    /** The hook's config: QEMU's account, the decision log, the state and cache folders in the test's folder, and more. */
    private void configure(Path decisionLog, String more) throws IOException {
        QemuUser me = QemuUser.current();
        Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid() + "}\n"
                + "decisionLog: " + decisionLog + "\n" + "stateDir: " + dir.resolve("state") + "\n"
                + "cacheDir: " + dir.resolve("cache") + "\n" + more);
    }

    private Result call(String xml, String... arguments) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(hook.toString(), arguments[0], arguments[1], arguments[2],
                arguments[3]));
        builder.environment().put("VIRT_STARTUP_POLICY_CONFIG", dir.resolve("config.yaml").toString());
        builder.environment().put("VIRT_STARTUP_POLICY_LAUNCHER", launcher.toString());
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(xml.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the hook script returns at once for an operation it ignores, reading nothing
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        return new Result(process.exitValue(), out, err);
    }

    private String guest(String policy) {
        return TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                TestDomains.disk("file", "disk", "qcow2", overlay.toString(), policy, "vdb"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("gone.iso").toString(), "optional", "sda"));
    }

    @Test
    void prepareLetsAStartGoOnSilentlyAndLogsTheDecision() throws Exception {
        Result result = call(guest("optional"), "guest", "prepare", "begin", "-");
        assertEquals(new Result(0, "", ""), result);
        assertEquals(1, Files.readAllLines(log).size());
        assertTrue(Files.readString(log).contains("\"context\":\"cold-boot\""));
    }

    @Test
    void prepareRefusesAStartWithTheReasonOnStandardError() throws Exception {
        Result result = call(guest(null), "guest", "prepare", "begin", "-");
        assertEquals(1, result.exitCode());
        assertEquals("", result.out());
        assertEquals("virt-startup-policy: guest guest: vdb: Cannot access backing file '" + dir.resolve("gone.qcow2")
                + "' of storage file '" + overlay + "' (as " + QemuUser.current().label()
                + "): No such file or directory\n", result.err());
    }

    @Test
    void restoreLeavesWhatLibvirtDropsItselfToLibvirtSoItsEventsAreEmitted() throws Exception {
        String xml = TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("gone.iso").toString(), "requisite", "sda"));
        assertEquals(new Result(0, "", ""), call(xml, "guest", "restore", "begin", "-"));
        assertTrue(Files.readString(log).contains("\"action\":\"eject\""), "the decision is logged all the same");
    }

    @Test
    void restorePrintsTheEffectiveDefinitionWhenASiteRuleDropsADisk() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "rules:\n  site: [" + Path.of("rules/tests/site-rules/drop-missing.drl")
                .toAbsolutePath() + "]\n", java.nio.file.StandardOpenOption.APPEND);
        String xml = TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("gone.iso").toString(), "mandatory", "sda"));
        Result result = call(xml, "guest", "restore", "begin", "-");

        assertEquals(0, result.exitCode(), result.err());
        Domain effective = new DomainXmlReader().read(new ByteArrayInputStream(result.out().getBytes(
                StandardCharsets.UTF_8)), "stdout");
        assertEquals(2, effective.disks().size());
        assertTrue(effective.disks().get(1).isEmpty());
        String dropped = "      <source file='" + dir.resolve("gone.iso") + "' startupPolicy='mandatory'/>\n";
        assertEquals(xml.replace(dropped, "").replace("<driver name='qemu' type='raw'/>\n      <target dev='sda'",
                "<driver name='qemu'/>\n      <target dev='sda'"), result.out(), "only the ejected medium changes");
    }

    @Test
    void restorePrintsNothingWhenNothingChanges() throws Exception {
        String xml = TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"));
        assertEquals(new Result(0, "", ""), call(xml, "guest", "restore", "begin", "-"));
    }

    @Test
    void migrationOfAGuestMissingAnOptionalHardDiskFails() throws Exception {
        Result result = call(guest("optional"), "guest", "migrate", "begin", "-");
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("vdb: Cannot access backing file"), result.err());
        assertTrue(Files.readString(log).contains("\"context\":\"migrate\""));
    }

    private String requisiteMediumMissing() {
        return TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("gone.iso").toString(), "requisite", "sda"));
    }

    @Test
    void prepareAfterRestoreBeginIsDecidedAsThatRestoreAndTakesItsNote() throws Exception {
        String xml = requisiteMediumMissing();
        assertEquals(0, call(xml, "guest", "restore", "begin", "-").exitCode());
        assertEquals(new Result(0, "", ""), call(xml, "guest", "prepare", "begin", "-"), "a restore ejects the medium");

        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.get(1).contains("\"origin\":\"hook prepare begin\",\"context\":\"restore\",\"contextFrom\":\"hook"
                + " prepare begin after restore begin"), lines.get(1));
        assertTrue(lines.get(0).contains("\"origin\":\"hook restore begin\""), lines.get(0));
        assertEquals(1, call(xml, "guest", "prepare", "begin", "-").exitCode(), "the note is used once: then a cold boot");
        assertTrue(Files.readAllLines(log).get(2).contains("\"context\":\"cold-boot\""));
    }

    @Test
    void prepareOfALiveDefinitionWithoutANoteIsARevert() throws Exception {
        String live = requisiteMediumMissing().replace("<target dev='sda' bus='sata'/>",
                "<target dev='sda' bus='sata'/>\n      <alias name='sata0-0-0'/>");
        assertTrue(live.contains("<alias name='sata0-0-0'/>"), live);
        assertEquals(new Result(0, "", ""), call(live, "guest", "prepare", "begin", "-"));
        assertTrue(Files.readString(log).contains("\"context\":\"revert\""));
    }

    /**
     * libvirt's exact call is run without the command line's parser; the same call with options
     * (here --config) goes through it: both decide, print and exit alike, errors included. Every
     * operation and every guest is called (each pair costs two JVMs: not all nine pairs), so both
     * a start that goes on and one that fails go both ways for each operation.
     */
    @Test
    void libvirtsCallRunWithoutTheParserDecidesAsTheParsedCall() throws Exception {
        Map<String, List<String>> calls = Map.of("prepare", List.of(guest(null), guest("optional"), requisiteMediumMissing()),
                "restore", List.of(guest("optional"), requisiteMediumMissing()),
                "migrate", List.of(guest(null), requisiteMediumMissing()));
        for (Map.Entry<String, List<String>> call : calls.entrySet()) {
            String operation = call.getKey();
            for (String xml : call.getValue()) {
                Result direct = launch(xml, Map.of("VIRT_STARTUP_POLICY_CONFIG", dir.resolve("config.yaml").toString()),
                        "hook", "guest", operation, "begin", "-");
                Result parsed = launch(xml, Map.of(), "hook", "--config", dir.resolve("config.yaml").toString(), "guest",
                        operation, "begin", "-");
                assertEquals(parsed, direct, operation + " of\n" + xml);
            }
        }
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "chainDepthLimit: deep\n");
        Result direct = launch(guest(null), Map.of("VIRT_STARTUP_POLICY_CONFIG", broken.toString()),
                "hook", "guest", "prepare", "begin", "-");
        assertEquals(new Result(2, "", "virt-startup-policy: " + broken + ":1: wrong value for 'chainDepthLimit': want a"
                + " whole number, got 'deep'\n"), direct);
        assertEquals(direct, launch(guest(null), Map.of(), "hook", "--config", broken.toString(), "guest", "prepare",
                "begin", "-"));
        assertTrue(Main.isLibvirtsHookCall(new String[] {"hook", "guest", "prepare", "begin", "-"}));
        assertTrue(Main.isLibvirtsHookCall(new String[] {"hook", "guest", "prepare", "begin"}));
        assertFalse(Main.isLibvirtsHookCall(new String[] {"hook", "--config", "c.yaml", "guest", "prepare"}));
        assertFalse(Main.isLibvirtsHookCall(new String[] {"hook", "guest", "prepare", "begin", "--help"}));
        assertFalse(Main.isLibvirtsHookCall(new String[] {"evaluate", "guest", "prepare", "begin", "-"}));
    }

    /** The launcher (here: the test build's classes) run with these arguments, in a fresh process. */
    private Result launch(String xml, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("VIRT_STARTUP_POLICY_CONFIG");
        builder.environment().putAll(environment);
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(xml.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the hook script returns at once for an operation it ignores, reading nothing
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        return new Result(process.exitValue(), out, err);
    }

    @Test
    void otherOperationsDoNothing() throws Exception {
        assertEquals(new Result(0, "", ""), call(guest(null), "guest", "started", "begin", "-"));
        assertEquals(new Result(0, "", ""), call(guest(null), "guest", "release", "end", "-"));
        assertTrue(Files.notExists(log));
    }

    /** A mistake an operator makes in the config: a list left open. */
    private void breakTheConfig() throws IOException {
        Files.writeString(dir.resolve("config.yaml"), "rules:\n  site: [" + dir + "\n", StandardOpenOption.APPEND);
    }

    private String lastLogLine() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.get(lines.size() - 1);
    }

    @Test
    void aConfigThatNoLongerReadsDecidesWithTheLastConfigAndRulesThatWorked() throws Exception {
        assertEquals(0, call(guest("optional"), "guest", "prepare", "begin", "-").exitCode());
        breakTheConfig();

        Result refused = call(guest(null), "guest", "prepare", "begin", "-");
        assertEquals(1, refused.exitCode(), "decided, as the last good rules decide: " + refused.err());
        assertTrue(refused.err().startsWith("virt-startup-policy: decided with the config and rules that last worked"
                + " (kept "), refused.err());
        assertTrue(refused.err().contains(dir.resolve("config.yaml") + ":6: not valid YAML"), refused.err());
        assertTrue(refused.err().contains("vdb: Cannot access backing file"), refused.err());
        assertTrue(lastLogLine().contains("\"fallback\":\"decided with the config and rules that last worked"),
                "the decision log says so: " + lastLogLine());

        Result allowed = call(guest("optional"), "guest", "prepare", "begin", "-");
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertEquals("", allowed.out());
    }

    @Test
    void withNoLastGoodSetABrokenConfigRefusesAsOnErrorSays() throws Exception {
        breakTheConfig();
        Result result = call(guest("optional"), "guest", "prepare", "begin", "-");
        assertEquals(2, result.exitCode());
        assertEquals("virt-startup-policy: " + dir.resolve("config.yaml") + ":6: not valid YAML: a list opened with '['"
                + " is not closed with ']'\n", result.err());
    }

    @Test
    void onErrorAllowLetsTheStartGoOnUntouchedAndLogsWhyWhenItCan() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.drl"), "package site;\nrule \"Broken\" when then nonsense(\nend\n");
        configure(log, "onError: allow\nrules:\n  site: [" + broken + "]\n");
        Result result = call(guest(null), "guest", "prepare", "begin", "-");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("virt-startup-policy: guest: not checked: onError is allow, and " + broken),
                result.err());
        assertTrue(lastLogLine().contains("\"answer\":\"allowed\",\"because\":\"not checked: onError is allow"),
                lastLogLine());

        configure(log, "onError: allow\nrules: [\n"); // nor does a config that does not read, as long as its onError line does
        assertEquals(0, call(guest(null), "guest", "prepare", "begin", "-").exitCode());
    }

    @Test
    void theOffSwitchLetsEveryStartGoOnUntouchedAndLogsIt() throws Exception {
        Files.createFile(dir.resolve("hook-off"));
        Result result = call(guest(null), "guest", "restore", "begin", "-");
        assertEquals(new Result(0, "", "virt-startup-policy: guest: not checked: the hook is off (" + dir.resolve("hook-off")
                + " exists; remove it to turn the hook on)\n"), result);
        assertTrue(lastLogLine().contains("\"origin\":\"hook restore begin\",\"answer\":\"allowed\""), lastLogLine());

        breakTheConfig();
        assertEquals(0, call(guest(null), "guest", "prepare", "begin", "-").exitCode(), "even with the config broken");
        Files.delete(dir.resolve("hook-off"));
        assertEquals(2, call(guest(null), "guest", "prepare", "begin", "-").exitCode(), "on again, the config is read");
    }

    @Test
    void aDecisionLogFolderIsMadeAndALogThatCannotBeWrittenRefusesNothing() throws Exception {
        Path made = dir.resolve("log/decisions.jsonl");
        configure(made, "");
        assertEquals(0, call(guest("optional"), "guest", "prepare", "begin", "-").exitCode());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made.getParent())));
        assertEquals(1, Files.readAllLines(made).size());

        Path nowhere = dir.resolve("no/such/decisions.jsonl");
        configure(nowhere, "");
        Result result = call(guest("optional"), "guest", "prepare", "begin", "-");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("virt-startup-policy: " + nowhere + ": cannot write the decision log: no such folder; the start is"
                + " decided, not logged\n", result.err());
    }
}
