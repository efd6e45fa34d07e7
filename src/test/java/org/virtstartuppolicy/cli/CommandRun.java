package org.virtstartuppolicy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.image.QemuUser;

/** One run of the command line, in process, with what it printed and its exit code. */
record CommandRun(int exitCode, String out, String err) {

    /**
     * Runs the command line. Commands that read images judge access as the user running the
     * tests, so that a host with a libvirt-qemu or qemu account does not change what tests see.
     */
    static CommandRun of(String... args) {
        List<String> command = new ArrayList<>(List.of(args));
        if (!command.isEmpty() && List.of("evaluate", "inspect").contains(command.get(0))
                && !command.contains("--as-user")) {
            QemuUser me = QemuUser.current();
            command.addAll(1, List.of("--as-user", me.uid() + ":" + me.gid()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(command.toArray(String[]::new));
        return new CommandRun(code, out.toString(), err.toString());
    }
}
