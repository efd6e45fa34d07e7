package org.virtstartuppolicy.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.virtstartuppolicy.rules.RuleFiles;
import org.virtstartuppolicy.rules.RuleId;

/**
 * The project's own rule regression suite, rules/tests, run by Maven: one test per scenario, so
 * a rule change that breaks a scenario fails the build, and the baseline must stay fully covered.
 */
class RuleScenariosTest {
    private static final Path SUITE = Path.of("rules/tests");

    @TestFactory
    Stream<DynamicTest> everyScenarioInRulesTestsPasses() {
        ScenarioRunner runner = new ScenarioRunner(RuleFiles.baseline());
        return ScenarioReader.readAll(List.of(SUITE)).stream().map(scenarioCase ->
                DynamicTest.dynamicTest(scenarioCase.scenario().name(), () -> {
                    ScenarioResult result = runner.run(scenarioCase);
                    assertEquals(List.of(), result.failures(), scenarioCase.location());
                }));
    }

    @Test
    void theSuiteFiresEveryBaselineRule() {
        ScenarioRunner runner = new ScenarioRunner(RuleFiles.baseline());
        List<ScenarioResult> results = new ArrayList<>();
        ScenarioReader.readAll(List.of(SUITE)).forEach(c -> results.add(runner.run(c)));
        RuleCoverage coverage = RuleCoverage.of(runner.rulesInForce(), results);

        List<RuleId> baseline = coverage.rules().stream().map(RuleCoverage.Entry::rule)
                .filter(rule -> rule.file().startsWith("rules/libvirt/")).toList();
        assertTrue(baseline.size() >= 28, "baseline rules in force: " + baseline);
        assertEquals(List.of(), coverage.neverFired().stream().map(RuleCoverage.Entry::rule)
                .filter(baseline::contains).toList());
    }
}
