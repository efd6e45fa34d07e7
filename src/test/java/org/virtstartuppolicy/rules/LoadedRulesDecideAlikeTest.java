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
 * Rules loaded as compiled earlier (the baseline as the build packaged it, site rules from the
 * cache) decide every scenario of rules/tests exactly as rules compiled in this run: the same
 * JSON, trace and all.
 */
class LoadedRulesDecideAlikeTest {
    @TempDir
    Path cacheDir;

    @Test
    void everyScenarioIsDecidedAlikeByCompiledAndByLoadedRules() {
        List<ScenarioCase> corpus = ScenarioReader.readAll(List.of(Path.of("rules/tests")));
        ScenarioRunner compiling = new ScenarioRunner(RuleFiles.baseline());
        // a first run fills the cache; the second must load everything from it or as packaged
        ScenarioRunner filling = new ScenarioRunner(RuleFiles.baseline(), files -> cache().rulesFor(files));
        corpus.forEach(filling::run);
        List<Integer> compilations = new ArrayList<>();
        ScenarioRunner loading = new ScenarioRunner(RuleFiles.baseline(), files -> {
            RuleCache cache = cache();
            PolicyRules rules = cache.rulesFor(files);
            compilations.add(cache.compilations());
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
        assertTrue(compilations.size() >= 5, "rule sets loaded: " + compilations);
        assertTrue(compilations.stream().allMatch(c -> c == 0), "every rule set loaded, none compiled: " + compilations);
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
