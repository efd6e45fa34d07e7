package org.virtstartuppolicy.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtstartuppolicy.Spelling;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.ConfigReader;
import org.virtstartuppolicy.hook.HookCall;
import org.virtstartuppolicy.rules.EarlyBaseline;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: parses options and hands over to a command; every error ends here as one line. */
@Command(name = "virt-startup-policy", mixinStandardHelpOptions = true, version = "virt-startup-policy 0.1.0",
        description = "Decides what a libvirt guest start does about missing disk images, with Drools rules.")
public final class Main implements Runnable {
    private static final String NAME = "virt-startup-policy";

    /** The commands, by name; in this order in --help. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("evaluate", EvaluateCommand::new);
        commands.put("host", HostCommand::new);
        commands.put("dependents", DependentsCommand::new);
        commands.put("inspect", InspectCommand::new);
        commands.put("explain", ExplainCommand::new);
        commands.put("check", CheckCommand::new);
        commands.put("test", TestCommand::new);
        commands.put("apply", ApplyCommand::new);
        commands.put("hook", HookCommand::new);
        commands.put("serve", ServeCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return commands;
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The commands that decide, whose rule base is built while the command line is parsed (EarlyBaseline). */
    private static final Set<String> DECIDING = Set.of("evaluate", "host", "apply");

    public static void main(String[] args) {
        if (isLibvirtsHookCall(args)) {
            if (HookCall.acts(args[2], args[3])) {
                EarlyBaseline.start();
            }
            System.exit(hook(args));
        }
        if (args.length > 0 && DECIDING.contains(args[0]) && !List.of(args).contains("--help") && !List.of(args).contains("-h")) {
            EarlyBaseline.start();
        }
        // Building a command's model costs start-up time: build only the one asked for (all for help).
        boolean one = args.length > 0 && COMMANDS.containsKey(args[0]) && !args[0].equals("help");
        System.exit(commandLine(one ? List.of(args[0]) : List.copyOf(COMMANDS.keySet())).execute(args));
    }

    /** The configured command line with every command; tests call it with their own output writers. */
    public static CommandLine commandLine() {
        return commandLine(List.copyOf(COMMANDS.keySet()));
    }

    private static CommandLine commandLine(List<String> names) {
        CommandLine commandLine = new CommandLine(new Main());
        names.forEach(name -> commandLine.addSubcommand(name, COMMANDS.get(name).get()));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            if (e.getCommandLine() == commandLine && e instanceof CommandLine.UnmatchedArgumentException
                    && args.length > 0 && !args[0].startsWith("-")) {
                err.println(NAME + ": unknown command '" + args[0] + "'" + Spelling.suggestion(args[0], COMMANDS.keySet())
                        + "; the commands: " + String.join(", ", COMMANDS.keySet()) + " (see '" + NAME + " help')");
                return ToolError.EXIT_CODE;
            }
            err.println(NAME + ": " + inToolsWords(firstLine(e.getMessage())) + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help')");
            return ToolError.EXIT_CODE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> failed(e, cl.getErr()));
        return commandLine;
    }

    /** A command that threw: one line on standard error, exit 2. */
    private static int failed(Exception e, PrintWriter err) {
        String message = e instanceof ToolError ? e.getMessage()
                : "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        err.println(NAME + ": " + firstLine(message));
        return ToolError.EXIT_CODE;
    }

    /**
     * {@code hook GUEST OPERATION SUBOPERATION [EXTRA]}, exactly as libvirt calls it (no option,
     * nothing more): run without the command line's parser, whose set-up costs every guest start
     * tens of milliseconds. Any other form of {@code hook} is parsed as usual.
     */
    static boolean isLibvirtsHookCall(String[] args) {
        if (args.length < 4 || args.length > 5 || !"hook".equals(args[0])) {
            return false;
        }
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("-") && !args[i].equals("-") || args[i].isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** libvirt's hook call, with the config found as {@code hook} without {@code --config} finds it. */
    static int hook(String[] args) {
        // the writers the parser would have made: autoflushing, in the streams' encodings
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, encoding("sun.stdout.encoding")), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, encoding("sun.stderr.encoding")), true);
        try {
            return HookCommand.run(args[1], args[2], args[3], args.length > 4 ? args[4] : null, false, ConfigReader.locate(null),
                    out, err);
        } catch (RuntimeException e) {
            return failed(e, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static Charset encoding(String property) {
        String name = System.getProperty(property);
        return name != null ? Charset.forName(name) : Charset.defaultCharset();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", COMMANDS.keySet()));
    }

    private static final Pattern INVALID_VALUE = Pattern.compile("Invalid value for (?:option|positional parameter at"
            + " index \\S+) '?(\\S+?)'?: (.*)");
    private static final Pattern NOT_ONE_OF = Pattern.compile("expected one of \\[(.*)] \\(case-insensitive\\) but was"
            + " '(.*)'");

    /** picocli's messages about an option, said as the tool says everything else: the option first, no Java types. */
    static String inToolsWords(String message) {
        Matcher invalid = INVALID_VALUE.matcher(message);
        if (!invalid.matches()) {
            return message.replaceFirst("^Unknown options?: ", "unknown option ")
                    .replaceFirst("^Missing required parameters?: ", "missing ")
                    .replaceFirst("^Missing required options?: ", "missing ")
                    .replaceFirst("^Expected parameter for option '(.*)' but found '(.*)'", "$1 needs a value, not '$2'");
        }
        String what = invalid.group(2);
        Matcher notOneOf = NOT_ONE_OF.matcher(what);
        if (notOneOf.matches()) {
            what = "'" + notOneOf.group(2) + "' is not one of " + notOneOf.group(1).toLowerCase(Locale.ROOT);
        }
        what = what.replaceFirst(" is not an? (int|long|short|Integer|Long)$", " is not a whole number")
                .replaceFirst(" is not an? (double|float|Double|Float)$", " is not a number");
        return invalid.group(1) + ": " + what;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
