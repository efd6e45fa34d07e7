package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped hook script (src/main/dist/virt-startup-policy-hook), called as libvirt calls
 * qemu.d hooks: every operation but prepare, restore and migrate begin returns at once and runs
 * nothing; with no decision service, those three run the launcher with "hook" and the hook's own
 * arguments, standard input, output, error and exit status passed through (with a service:
 * {@code HookScriptAsksTheServiceTest}). The launcher here is a stand-in that records how
 * it was run.
 */
class HookScriptTest {
    private static final String XML = "<domain type='kvm'><name>guest</name></domain>\n";

    @TempDir
    Path dir;

    private Path launcher;

    @BeforeEach
    void standInLauncher() throws IOException {
        launcher = Files.writeString(dir.resolve("launcher"), "#!/bin/sh\n"
                + "printf '%s\\n' \"$@\" > '" + dir.resolve("arguments") + "'\n"
                + "cat > '" + dir.resolve("input") + "'\n"
                + "echo 'on standard output'\necho 'on standard error' >&2\nexit 3\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Installed.Run hook(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = Installed.HOOK.toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        return Installed.run(dir, Map.of("VIRT_STARTUP_POLICY_LAUNCHER", launcher.toString(),
                "VIRT_STARTUP_POLICY_SOCKET", dir.resolve("no-service").toString()), XML, command);
    }

    @Test
    void everyOtherOperationReturnsAtOnceAndRunsNothing() throws Exception {
        List<List<String>> calls = List.of(List.of("guest", "start", "begin", "-"), List.of("guest", "started", "begin", "-"),
                List.of("guest", "stopped", "end", "-"), List.of("guest", "release", "end", "-"),
                List.of("guest", "prepare", "end", "-"), List.of("guest", "restore", "end", "-"),
                List.of("guest", "migrate", "end", "-"), List.of("guest", "reconnect", "begin", "-"),
                List.of("guest", "attach", "begin", "-"), List.of("guest", "prepare"), List.of());
        for (List<String> call : calls) {
            assertEquals(new Installed.Run(0, "", ""), hook(call.toArray(String[]::new)), call.toString());
            assertFalse(Files.exists(dir.resolve("arguments")), "the launcher ran for " + call);
        }
    }

    @Test
    void prepareRestoreAndMigrateBeginRunTheLauncherWithEverythingPassedThrough() throws Exception {
        for (String operation : List.of("prepare", "restore", "migrate")) {
            assertEquals(new Installed.Run(3, "on standard output\n", "on standard error\n"),
                    hook("guest", operation, "begin", "-"), operation);
            assertEquals("hook\nguest\n" + operation + "\nbegin\n-\n", Files.readString(dir.resolve("arguments")));
            assertEquals(XML, Files.readString(dir.resolve("input")));
            Files.delete(dir.resolve("arguments"));
        }
    }

    /** The Debian package's launcher (/usr/bin) when it is there, else where operating.md's manual install puts it. */
    @Test
    void itRunsThePackagedLauncherElseTheManuallyInstalledOne() throws IOException {
        assertTrue(Files.readString(Installed.HOOK).contains("""
                if [ -n "${VIRT_STARTUP_POLICY_LAUNCHER:-}" ]; then
                    launcher=$VIRT_STARTUP_POLICY_LAUNCHER
                elif [ -x /usr/bin/virt-startup-policy ]; then
                    launcher=/usr/bin/virt-startup-policy
                else
                    launcher=/usr/local/lib/virt-startup-policy/virt-startup-policy
                fi
                """));
    }
}
