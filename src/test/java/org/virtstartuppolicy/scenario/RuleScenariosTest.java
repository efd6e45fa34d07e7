package org.virtstartuppolicy.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.rules.RuleCache;
import org.virtstartuppolicy.rules.RuleFiles;
import org.virtstartuppolicy.rules.RuleId;

/**
 * The project's own rule regression suite, rules/tests, run by Maven: one test per scenario, so
 * a rule change that breaks a scenario fails the build, and the baseline must stay fully covered.
 */
class RuleScenariosTest {
    private static final Path SUITE = Path.of("rules/tests");

    /**
     * Each scenario is run once for both tests: the coverage is that of the very runs whose
     * outcomes were checked, and the suite, seconds long, is not run twice. The rules come as
     * evaluate and test get them (the rule cache: compiled once for every test that runs the
     * suite); LoadedRulesDecideAlikeTest runs it with freshly compiled rules too.
     */
    private static final ScenarioRunner RUNNER = new ScenarioRunner(RuleFiles.baseline(),
            new RuleCache(Config.DEFAULTS.ruleCache(), why -> { })::rulesFor);
    private static final Map<ScenarioCase, ScenarioResult> RESULTS = new LinkedHashMap<>();

    private static synchronized ScenarioResult run(ScenarioCase scenarioCase) {
        return RESULTS.computeIfAbsent(scenarioCase, RUNNER::run);
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioInRulesTestsPasses() {
        return ScenarioReader.readAll(List.of(SUITE)).stream().map(scenarioCase ->
                DynamicTest.dynamicTest(scenarioCase.scenario().name(), () -> {
                    ScenarioResult result = run(scenarioCase);
                    assertEquals(List.of(), result.failures(), scenarioCase.location());
                }));
    }

    @Test
    void theSuiteFiresEveryBaselineRule() {
        List<ScenarioResult> results = new ArrayList<>();
        ScenarioReader.readAll(List.of(SUITE)).forEach(c -> results.add(run(c)));
        RuleCoverage coverage;
        synchronized (RuleScenariosTest.class) {
            coverage = RuleCoverage.of(RUNNER.rulesInForce(), results);
        }

        List<RuleId> baseline = coverage.rules().stream().map(RuleCoverage.Entry::rule)
                .filter(rule -> rule.file().startsWith("rules/libvirt/")).toList();
        assertTrue(baseline.size() >= 28, "baseline rules in force: " + baseline);
        assertEquals(List.of(), coverage.neverFired().stream().map(RuleCoverage.Entry::rule)
                .filter(baseline::contains).toList());
    }
}
