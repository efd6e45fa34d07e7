package org.virtstartuppolicy.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.cli.Main;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.report.OutputFormat;
import org.virtstartuppolicy.report.Report;
import org.virtstartuppolicy.rules.RuleCache;
import org.virtstartuppolicy.rules.RuleFiles;

/**
 * The {@code test} runner decides exactly as {@code evaluate} does: every scenario of the
 * project's suite, on the same host files, through the runner and through the command line
 * with the options the scenario stands for, gives the same JSON document.
 */
class ScenarioDecidesAsEvaluateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyScenarioDecidesTheSameThroughTheRunnerAndThroughEvaluate() throws IOException {
        // the runner gets its rules as evaluate does (compiled once, then from the rule cache), so that
        // the scenarios' rule sets are compiled once for both sides; LoadedRulesDecideAlikeTest shows
        // that cached rules decide as freshly compiled ones
        RuleCache cache = new RuleCache(Config.DEFAULTS.ruleCache(), why -> { });
        ScenarioRunner runner = new ScenarioRunner(RuleFiles.baseline(), cache::rulesFor);
        List<String> different = new ArrayList<>();
        int compared = 0;
        for (ScenarioCase scenarioCase : ScenarioReader.readAll(List.of(Path.of("rules/tests")))) {
            Path root = ScenarioRunner.host(scenarioCase);
            String byRunner;
            try {
                byRunner = Report.of(runner.decide(scenarioCase, root), OutputFormat.JSON, false, true);
            } catch (ToolError e) {
                continue; // a scenario about an evaluation error has no decision to compare
            }
            String byEvaluate = evaluate(scenarioCase, root);
            if (!JSON.readTree(byRunner).equals(JSON.readTree(byEvaluate))) {
                different.add(scenarioCase.location() + ":\n  test:     " + byRunner + "  evaluate: " + byEvaluate);
            }
            compared++;
        }
        assertEquals(List.of(), different);
        assertTrue(compared > 40, "scenarios compared: " + compared);
    }

    /** The scenario as an operator would evaluate it: its host under --root, its config, rules and context. */
    private static String evaluate(ScenarioCase scenarioCase, Path root) throws IOException {
        Scenario scenario = scenarioCase.scenario();
        Path work = Files.createTempDirectory("virt-startup-policy-equivalence");
        Map<String, Object> config = new LinkedHashMap<>();
        if (scenario.site() != null) {
            config.put("site", scenario.site());
        }
        if (scenario.dynamicOwnership() != null) {
            config.put("dynamicOwnership", scenario.dynamicOwnership());
        }
        Path configFile = Files.writeString(work.resolve("config.yaml"), JSON.writeValueAsString(config));
        Path domain = scenario.domainFile() != null ? scenarioCase.file().getParent().resolve(scenario.domainFile())
                : Files.writeString(work.resolve("domain.xml"), scenario.domain());
        List<String> args = new ArrayList<>(List.of("evaluate", "--root", root.toString(), "--as-user",
                ScenarioRunner.asUser(scenario), "--config", configFile.toString(), "--output", "json",
                "--context", scenario.context() == null ? "cold-boot" : scenario.context()));
        ScenarioRunner.extraRules(scenarioCase).forEach(rule -> args.addAll(List.of("--rules", rule.toString())));
        args.add(domain.toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args.toArray(String[]::new));
        assertTrue(err.toString().isEmpty(), scenarioCase.location() + ": " + err);
        return out.toString();
    }
}
