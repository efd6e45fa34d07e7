package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.hook.HookSettings;

/** check --host, the doctor: one line for each part of an installation, the fix beside each problem, and its exit status. */
class CheckHostTest {
    @TempDir
    Path dir;

    private Path root;
    private Path hook;
    private Path config;

    @BeforeEach
    void installed() throws IOException {
        root = dir.resolve("host");
        hook = Files.createDirectories(root.resolve("etc/libvirt/hooks/qemu.d")).resolve("virt-startup-policy");
        Files.copy(Installed.HOOK, hook);
        config = dir.resolve("etc/config.yaml");
        configure("decisionLog: " + dir.resolve("log/decisions.jsonl") + "\n");
    }

    private void configure(String more) throws IOException {
        Files.createDirectories(config.getParent());
        Files.writeString(config, "stateDir: " + dir.resolve("state") + "\ncacheDir: " + dir.resolve("cache") + "\n" + more);
    }

    private CommandRun doctor() {
        return CommandRun.of("check", "--host", "--root", root.toString(), "--config", config.toString());
    }

    private static String line(CommandRun run, String subject) {
        List<String> lines = run.out().lines().filter(l -> l.substring(6).startsWith(subject + " ")).toList();
        assertEquals(1, lines.size(), subject + " in:\n" + run.out());
        return lines.get(0);
    }

    /** Whether this machine has libvirtd: CI runs the tests on a fresh machine before it installs libvirt. */
    private static boolean libvirtdOnThePath() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(folder -> !folder.isEmpty() && Files.isExecutable(Path.of(folder, "libvirtd")));
    }

    @Test
    void aWellInstalledHostIsAllOkAndSaysWhatIsWorthKnowing() {
        CommandRun run = doctor();
        boolean libvirt = libvirtdOnThePath();
        assertEquals(libvirt ? 0 : 2, run.exitCode(), run.out() + run.err()); // without libvirt it cannot tell
        assertEquals("", run.err());
        assertEquals("ok    hook       " + hook + " is installed and executable", line(run, "hook"));
        assertEquals("ok    config     " + config + " reads", line(run, "config"));
        assertTrue(line(run, "rules").startsWith("ok    rules      " + Path.of("rules/libvirt").toFile().list().length
                + " rule files compile"), run.out()); // the baseline alone
        assertEquals("ok    log        " + dir.resolve("log") + " will be made (0700) at the first decision", line(run, "log"));
        assertEquals("note  service    none configured: each start runs a JVM (a fraction of a second); fix: see"
                + " operating.md, \"The decision service\"", line(run, "service"));
        if (libvirt) {
            assertTrue(line(run, "libvirt").startsWith("ok    libvirt    9.0."), "this host's libvirt: " + run.out());
        } else {
            assertEquals("??    libvirt    no libvirtd on the PATH: is this a libvirt host?; fix: apt install"
                    + " libvirt-daemon-system", line(run, "libvirt"));
        }
    }

    @Test
    void eachProblemIsOneLineWithItsFixAndTheStatusIsOne() throws IOException {
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createFile(config.resolveSibling("hook-off"));
        configure("decisionLog: " + dir.resolve("no/such/decisions.jsonl") + "\n");
        CommandRun run = doctor();
        assertEquals(1, run.exitCode(), run.out());
        assertEquals("FAIL  hook       " + hook + " is not an executable file: libvirt skips it; fix: chmod 755 " + hook,
                line(run, "hook"));
        assertEquals("FAIL  off switch " + config.resolveSibling("hook-off") + " exists: every start goes on unchecked;"
                + " fix: rm " + config.resolveSibling("hook-off"), line(run, "off switch"));
        assertEquals("FAIL  log        no folder " + dir.resolve("no/such") + " nor " + dir.resolve("no") + ": decisions are"
                + " made but not logged; fix: install -d -m 700 " + dir.resolve("no/such"), line(run, "log"));
    }

    @Test
    void aBrokenConfigSaysWhatTheHookDoesMeanwhile() throws IOException {
        configure("rules: [\n");
        CommandRun refusing = doctor();
        assertEquals(1, refusing.exitCode(), refusing.out());
        assertTrue(line(refusing, "config").startsWith("FAIL  config     " + config + ":3: not valid YAML: a list opened"
                + " with '[' is not closed"), refusing.out());
        assertTrue(line(refusing, "rules").startsWith("FAIL  rules      every start would be refused: " + config
                + ":3: not valid YAML: a list opened with '['"), refusing.out());

        configure("");
        HookSettings.load(config, why -> { }); // what the hook keeps at its first start
        configure("rules: [\n");
        CommandRun fallingBack = doctor();
        assertTrue(line(fallingBack, "fail-safe").startsWith("FAIL  fail-safe  in use: decided with the config"
                + " and rules that last worked (kept "), fallingBack.out());
    }
}
