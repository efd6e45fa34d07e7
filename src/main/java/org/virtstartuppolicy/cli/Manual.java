package org.virtstartuppolicy.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.virtstartuppolicy.config.ConfigReader;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The manual a host installs, written by the build from the command line's own model, so that
 * it never disagrees with {@code --help}: the man page {@code virt-startup-policy.1} and the bash
 * (and zsh) completion script. Usage: {@code Manual MAN_FOLDER COMPLETION_FOLDER}.
 */
public final class Manual {
    private static final String NAME = "virt-startup-policy";

    private Manual() {
    }

    public static void main(String[] args) throws IOException {
        CommandLine commandLine = Main.commandLine();
        write(Path.of(args[0]).resolve(NAME + ".1"), manPage(commandLine));
        write(Path.of(args[1]).resolve(NAME), completion(commandLine));
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** The bash completion script; zsh runs it too, through bashcompinit. */
    static String completion(CommandLine commandLine) {
        return AutoComplete.bash(NAME, commandLine);
    }

    /** One page in man(7) markup: the tool, then each command with its synopsis, options and parameters. */
    static String manPage(CommandLine commandLine) {
        CommandSpec main = commandLine.getCommandSpec();
        StringBuilder page = new StringBuilder();
        page.append(".TH ").append(NAME.toUpperCase(Locale.ROOT)).append(" 1 \"\" \"")
                .append(escape(main.version().length > 0 ? main.version()[0] : NAME)).append("\" \"User Commands\"\n");
        page.append(".SH NAME\n").append(NAME).append(" \\- ").append(escape(String.join(" ", main.usageMessage()
                .description()))).append('\n');
        page.append(".SH SYNOPSIS\n.B ").append(NAME).append("\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n");
        page.append(".SH DESCRIPTION\nBefore a libvirt guest starts, checks every disk and its whole backing chain and"
                + " decides with Drools rules what the start does about anything missing. Each command is described"
                + " below; \\fB").append(NAME).append(" COMMAND \\-\\-help\\fR prints the same.\n");
        page.append(".SH COMMANDS\n");
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            command(page, sub.getCommandSpec());
        }
        page.append(".SH FILES\n.TP\n.B /etc/virt-startup-policy/config.yaml\nThe configuration, unless \\fB\\-\\-config\\fR"
                + " or \\fB$").append(ConfigReader.ENVIRONMENT_VARIABLE).append("\\fR names another.\n"
                + ".TP\n.B /etc/virt-startup-policy/rules/\nThe host's site rules (*.drl), listed under \\fBrules: site:\\fR"
                + " in the config.\n"
                + ".TP\n.B /etc/libvirt/hooks/qemu.d/virt-startup-policy\nThe QEMU hook script that libvirt runs.\n");
        page.append(".SH EXIT STATUS\n0 the guest may start (or all is well), 1 the start must fail (or a test failed,"
                + " or nothing matched), 2 the tool cannot do its job: bad arguments or input, named on one line.\n");
        page.append(".SH SEE ALSO\n.BR virsh (1),\n.BR qemu-img (1)\n");
        return page.toString();
    }

    private static void command(StringBuilder page, CommandSpec spec) {
        page.append(".SS ").append(spec.name()).append('\n');
        String synopsis = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).strip();
        page.append(".nf\n").append(escape(synopsis)).append("\n.fi\n");
        for (String paragraph : spec.usageMessage().description()) {
            page.append(".PP\n").append(escape(paragraph)).append('\n');
        }
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            page.append(".TP\n.I ").append(escape(parameter.paramLabel())).append('\n').append(describe(parameter))
                    .append('\n');
        }
        for (OptionSpec option : spec.options()) {
            page.append(".TP\n.B ").append(escape(String.join(", ", option.names())));
            if (option.arity().max() > 0) {
                page.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
            }
            page.append('\n').append(describe(option)).append('\n');
        }
    }

    private static String describe(ArgSpec arg) {
        String text = String.join(" ", arg.description());
        String defaultValue = arg.defaultValue() == null ? "" : arg.defaultValue();
        return escape(text.replace("${DEFAULT-VALUE}", defaultValue));
    }

    /** Text as man(7) shows it literally: backslashes and hyphens kept, no line taken for a request. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return out.toString();
    }
}
