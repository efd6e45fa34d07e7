package org.virtstartuppolicy.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.scenario.RuleCoverage;
import org.virtstartuppolicy.scenario.ScenarioCase;
import org.virtstartuppolicy.scenario.ScenarioReader;
import org.virtstartuppolicy.scenario.ScenarioReport;
import org.virtstartuppolicy.scenario.ScenarioResult;
import org.virtstartuppolicy.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs rule regression scenarios: each writes real image files under a fresh root and"
                + " evaluates its domain with the real inspector and rules, then checks what it expects.",
                "Exit status: 0 all pass, 1 any fails (or coverage is below --threshold), 2 a scenario or rule"
                        + " file is invalid."})
final class TestCommand implements Callable<Integer> {

    enum Output { TEXT, JSON, JUNIT }

    @Mixin
    private RuleOptions rules;

    @Mixin
    private ConfigOption config;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or junit (default: ${DEFAULT-VALUE}).")
    private Output output;

    @Option(names = "--coverage", description = "List every rule in force with how many scenarios fired it.")
    private boolean coverage;

    @Option(names = "--threshold", paramLabel = "PCT",
            description = "Fail the run when fewer than PCT percent of the rules in force fired.")
    private Double threshold;

    @Option(names = "--run", paramLabel = "REGEX", description = "Only the scenarios whose name matches.")
    private Pattern run;

    @Parameters(arity = "1..*", paramLabel = "SCENARIO_PATH", description = "Scenario files, or folders of them.")
    private List<Path> paths;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Config settings = config.read();
        List<ScenarioCase> cases = ScenarioReader.readAll(paths).stream()
                .filter(c -> run == null || run.matcher(c.scenario().name()).find()).toList();
        ScenarioRunner runner = new ScenarioRunner(rules.inForce(settings));
        List<ScenarioResult> results = cases.stream().map(runner::run).toList();
        RuleCoverage ruleCoverage = coverage || threshold != null ? RuleCoverage.of(runner.rulesInForce(), results) : null;
        String report = switch (output) {
            case TEXT -> ScenarioReport.text(results, coverage ? ruleCoverage : null);
            case JSON -> ScenarioReport.json(results, coverage ? ruleCoverage : null);
            case JUNIT -> ScenarioReport.junit(results);
        };
        spec.commandLine().getOut().print(report);
        spec.commandLine().getOut().flush();
        boolean belowThreshold = threshold != null && ruleCoverage.percent() < threshold;
        if (belowThreshold) {
            spec.commandLine().getErr().println(String.format(Locale.ROOT,
                    "virt-startup-policy: rule coverage %.1f%% is below the threshold %.1f%%", ruleCoverage.percent(),
                    threshold));
        }
        return results.stream().allMatch(ScenarioResult::passed) && !belowThreshold ? 0 : 1;
    }
}
