package org.virtstartuppolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.report.OutputFormat;
import org.virtstartuppolicy.report.Report;
import org.virtstartuppolicy.scenario.ScenarioCase;
import org.virtstartuppolicy.scenario.ScenarioReader;
import org.virtstartuppolicy.scenario.ScenarioRunner;

/**
 * Rules as a run gets them (the baseline alone built from the executable model the build
 * packaged, the baseline with site rules loaded from the cache) decide every scenario of
 * rules/tests exactly as rules compiled from the DRL in this run: the same JSON, trace and all,
 * every rule named after its file.
 */
class LoadedRulesDecideAlikeTest {
    @TempDir
    Path cacheDir;

    /** How a rule set was got: from the model, or compiled (0 when it was loaded from the cache). */
    private record Got(List<RuleFile> files, boolean model, int compilations) {
    }

    @Test
    void everyScenarioIsDecidedAlikeByCompiledAndByLoadedRules() {
        List<ScenarioCase> corpus = ScenarioReader.readAll(List.of(Path.of("rules/tests")));
        ScenarioRunner compiling = new ScenarioRunner(RuleFiles.baseline());
        // a first run fills the cache; the second must get everything from the model or the cache
        ScenarioRunner filling = new ScenarioRunner(RuleFiles.baseline(), files -> cache().rulesFor(files));
        corpus.forEach(filling::run);
        List<Got> got = new ArrayList<>();
        ScenarioRunner loading = new ScenarioRunner(RuleFiles.baseline(), files -> {
            RuleCache cache = cache();
            PolicyRules rules = cache.rulesFor(files);
            got.add(new Got(files, RuleCacheTest.isExecutableModel(rules), cache.compilations()));
            return rules;
        });

        List<String> differences = new ArrayList<>();
        for (ScenarioCase scenario : corpus) {
            String compiled = json(compiling, scenario);
            String loaded = json(loading, scenario);
            if (!compiled.equals(loaded)) {
                differences.add(scenario.location() + ":\n" + compiled + "\n" + loaded);
            }
        }
        assertEquals(List.of(), differences);
        assertTrue(corpus.size() >= 50, "the corpus: " + corpus.size());
        assertTrue(got.size() >= 5, "rule sets got: " + got.size());
        assertTrue(got.stream().allMatch(g -> g.compilations() == 0), "every rule set loaded, none compiled");
        List<RuleFile> baseline = RuleFiles.baseline();
        assertTrue(got.stream().anyMatch(g -> g.files().equals(baseline)), "the baseline alone decides some scenarios");
        assertTrue(got.stream().allMatch(g -> g.model() == g.files().equals(baseline)),
                "the baseline alone from the model, every set with site rules from the cache");
    }

    private RuleCache cache() {
        return new RuleCache(cacheDir, warning -> {
            throw new AssertionError(warning);
        });
    }

    private static String json(ScenarioRunner runner, ScenarioCase scenario) {
        try {
            return runner.decide(scenario, decision -> Report.of(decision, OutputFormat.JSON, true, false));
        } catch (ScenarioRunner.EvaluationFailed e) {
            return "error: " + e.getMessage();
        }
    }
}
