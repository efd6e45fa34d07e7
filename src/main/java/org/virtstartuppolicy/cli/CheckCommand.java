package org.virtstartuppolicy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.rules.PolicyRules;
import org.virtstartuppolicy.rules.RuleFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Reads the config and compiles the rules in force, as evaluate would, and reports every"
                + " problem as FILE:LINE: message.",
                "Exit status: 0 all is well, 2 otherwise."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    private RuleOptions rules;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        List<String> problems = new ArrayList<>();
        Config settings = Config.DEFAULTS;
        try {
            settings = config.read();
        } catch (ToolError e) {
            problems.addAll(e.problems());
        }
        List<RuleFile> files = List.of();
        try {
            files = rules.inForce(settings);
            PolicyRules.compile(files);
        } catch (ToolError e) {
            problems.addAll(e.problems());
        }
        problems.forEach(spec.commandLine().getErr()::println);
        if (!problems.isEmpty()) {
            return ToolError.EXIT_CODE;
        }
        spec.commandLine().getOut().println("ok: " + files.size() + " rule files compile");
        return 0;
    }
}
