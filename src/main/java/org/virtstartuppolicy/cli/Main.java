package org.virtstartuppolicy.cli;

import java.io.PrintWriter;
import org.virtstartuppolicy.ToolError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: parses options and hands over to a command; every error ends here as one line. */
@Command(name = "virt-startup-policy", mixinStandardHelpOptions = true, version = "virt-startup-policy 0.1.0",
        description = "Decides what a libvirt guest start does about missing disk images, with Drools rules.",
        subcommands = {EvaluateCommand.class, InspectCommand.class, ExplainCommand.class, CheckCommand.class,
            TestCommand.class, HookCommand.class})
public final class Main implements Runnable {
    private static final String NAME = "virt-startup-policy";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call it with their own output writers. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(NAME + ": " + firstLine(e.getMessage()) + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            return ToolError.EXIT_CODE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            String message = e instanceof ToolError ? e.getMessage()
                    : "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            cl.getErr().println(NAME + ": " + firstLine(message));
            return ToolError.EXIT_CODE;
        });
        return commandLine;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: evaluate, inspect, explain, check, test or hook");
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
