package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Help that teaches: every option and parameter says what it is, and the manual is made from the same model. */
class HelpTest {

    @Test
    void everyOptionAndParameterOfEveryCommandIsDescribed() {
        List<String> undescribed = new ArrayList<>();
        for (CommandLine command : Main.commandLine().getSubcommands().values()) {
            String name = command.getCommandName();
            assertTrue(command.getCommandSpec().usageMessage().description().length > 0, name + " has no description");
            for (ArgSpec arg : command.getCommandSpec().args()) {
                String what = arg instanceof OptionSpec option ? option.longestName()
                        : ((PositionalParamSpec) arg).paramLabel();
                if (String.join("", arg.description()).isBlank()) {
                    undescribed.add(name + " " + what);
                }
            }
        }
        assertEquals(List.of(), undescribed);
    }

    @Test
    void hookHelpSaysWhatEachOfLibvirtsArgumentsIs() {
        CommandRun run = CommandRun.of("hook", "--help");
        assertEquals(0, run.exitCode(), run.err());
        for (String parameter : List.of("GUEST", "OPERATION", "SUBOPERATION", "EXTRA")) {
            assertTrue(run.out().lines().anyMatch(l -> l.matches("\\s+\\[?" + parameter + "]?\\s+\\S.*")),
                    parameter + " described in\n" + run.out());
        }
    }

    @Test
    void theShortOptionsUsersOfOtherPolicyToolsTypeExist() {
        CommandLine commandLine = Main.commandLine();
        for (String command : List.of("evaluate", "check", "test")) {
            CommandLine.Model.CommandSpec spec = commandLine.getSubcommands().get(command).getCommandSpec();
            assertEquals("--rules", spec.findOption("-r").longestName(), command);
            assertEquals("--config", spec.findOption("-c").longestName(), command);
        }
        for (String command : List.of("evaluate", "inspect", "test")) {
            assertEquals("--output", commandLine.getSubcommands().get(command).getCommandSpec().findOption("-o")
                    .longestName(), command);
        }
        assertEquals("--config", commandLine.getSubcommands().get("explain").getCommandSpec().findOption("-c")
                .longestName());
    }

    @Test
    void theManPageAndTheCompletionCoverEveryCommandAndOption() {
        CommandLine commandLine = Main.commandLine();
        String page = Manual.manPage(commandLine);
        String completion = Manual.completion(commandLine);

        assertTrue(page.startsWith(".TH VIRT-STARTUP-POLICY 1 "), page);
        for (CommandLine command : commandLine.getSubcommands().values()) {
            assertTrue(page.contains("\n.SS " + command.getCommandName() + "\n"), command.getCommandName());
            for (OptionSpec option : command.getCommandSpec().options()) {
                assertTrue(page.contains(Manual.escape(option.longestName())), option.longestName() + " in the man page");
                assertTrue(completion.contains(option.longestName()), option.longestName() + " in the completion");
            }
        }
        assertTrue(completion.contains("complete -F"), completion);
        assertTrue(!page.contains("${DEFAULT-VALUE}"), page);
    }

    @Test
    void helpIsACommandAndAnUnknownCommandListsTheCommands() {
        CommandRun help = CommandRun.of("help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().contains("Commands:") && help.out().contains("dependents"), help.out());
        CommandRun helpEvaluate = CommandRun.of("help", "evaluate");
        assertTrue(helpEvaluate.out().startsWith("Usage: virt-startup-policy evaluate"), helpEvaluate.out());

        CommandRun typo = CommandRun.of("evalute", "guest.xml");
        assertEquals(2, typo.exitCode());
        assertEquals("virt-startup-policy: unknown command 'evalute' (did you mean 'evaluate'?); the commands: evaluate,"
                + " host, dependents, inspect, explain, check, test, apply, hook, serve, help (see 'virt-startup-policy"
                + " help')\n", typo.err());
    }
}
