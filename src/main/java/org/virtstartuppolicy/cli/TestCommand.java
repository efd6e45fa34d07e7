package org.virtstartuppolicy.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.Set;
import java.util.stream.Collectors;
import org.virtstartuppolicy.ToolError;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.rules.RuleCache;
import org.virtstartuppolicy.rules.RuleFile;
import org.virtstartuppolicy.rules.RuleFiles;
import org.virtstartuppolicy.scenario.RuleCoverage;
import org.virtstartuppolicy.scenario.ScenarioCase;
import org.virtstartuppolicy.scenario.ScenarioReader;
import org.virtstartuppolicy.scenario.ScenarioReport;
import org.virtstartuppolicy.scenario.ScenarioResult;
import org.virtstartuppolicy.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
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

    /** Which rules --coverage counts. */
    enum Scope { ALL, SITE }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or junit (JUnit XML for CI systems) (default: ${DEFAULT-VALUE}).")
    private Output output;

    @Option(names = "--coverage", paramLabel = "SCOPE", arity = "0..1", preprocessor = ScopeOnlyAttached.class,
            description = "List the rules with how many scenarios fired each: all rules in force (--coverage or"
                    + " --coverage=all), or only the site's own, without the baseline (--coverage=site).")
    private Scope coverage;

    @Option(names = "--threshold", paramLabel = "PCT",
            description = "Fail the run (exit 1) when fewer than PCT percent of the rules counted fired (those of"
                    + " --coverage's scope; all rules in force without it).")
    private Double threshold;

    @Option(names = "--run", paramLabel = "REGEX", description = "Only the scenarios whose name matches.")
    private Pattern run;

    @Option(names = "--allow-empty", description = "Paths with no scenario in them are no error: the run tests"
            + " nothing and exits 0 (without it, exit 2 naming the paths).")
    private boolean allowEmpty;

    @Parameters(arity = "1..*", paramLabel = "SCENARIO_PATH",
            description = "Scenario files (YAML, one or more scenarios each), or folders of them (every *.yaml and"
                    + " *.yml below).")
    private List<Path> paths;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Config settings = config.read();
        List<ScenarioCase> all = ScenarioReader.readAll(paths);
        if (all.isEmpty() && !allowEmpty) {
            throw new ToolError(paths.stream().map(Path::toString).collect(Collectors.joining(", "))
                    + ": no scenario files (*.yaml, *.yml) there (--allow-empty accepts that)");
        }
        List<ScenarioCase> cases = all.stream().filter(c -> run == null || run.matcher(c.scenario().name()).find())
                .toList();
        if (cases.isEmpty() && !allowEmpty) {
            throw new ToolError("--run " + run + ": no scenario's name matches, of " + all.size());
        }
        // compiled, or loaded as compiled before, as evaluate gets them: a suite run again after an edit
        // compiles only the rule sets the edit changed
        RuleCache cache = new RuleCache(settings.ruleCache(), why -> spec.commandLine().getErr().println(
                "virt-startup-policy: " + why));
        ScenarioRunner runner = new ScenarioRunner(rules.inForce(settings), cache::rulesFor);
        List<ScenarioResult> results = cases.stream().map(runner::run).toList();
        RuleCoverage ruleCoverage = coverage != null || threshold != null ? coverage(runner, results, settings) : null;
        boolean listed = coverage != null;
        String report = switch (output) {
            case TEXT -> ScenarioReport.text(results, listed ? ruleCoverage : null);
            case JSON -> ScenarioReport.json(results, listed ? ruleCoverage : null);
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

    /**
     * The scope is given only as {@code --coverage=site}: {@code --coverage rules/tests} is all
     * rules, of the scenarios in rules/tests, never a scope called rules/tests.
     */
    static final class ScopeOnlyAttached implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec option, Map<String, Object> info) {
            if (" ".equals(info.get("separator"))) {
                args.push("all");
            }
            return false;
        }
    }

    private RuleCoverage coverage(ScenarioRunner runner, List<ScenarioResult> results, Config settings) {
        RuleCoverage all = RuleCoverage.of(runner.rulesInForce(), results);
        if (coverage != Scope.SITE) {
            return all;
        }
        Set<String> baseline = RuleFiles.inForce(settings.baselineRules(), List.of()).stream().map(RuleFile::origin)
                .collect(Collectors.toSet());
        RuleCoverage site = all.ofSiteOnly(baseline);
        if (site.rules().isEmpty() && !results.isEmpty()) {
            throw new ToolError("--coverage=site: no site rule is in force (only the baseline's): give them with --rules,"
                    + " the config's rules.site, or a scenario's rules");
        }
        return site;
    }
}
