package org.virtstartuppolicy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.cli.Main;
import org.virtstartuppolicy.scenario.Scenario;
import org.virtstartuppolicy.scenario.ScenarioCase;
import org.virtstartuppolicy.scenario.ScenarioReader;
import org.virtstartuppolicy.scenario.ScenarioRunner;

/**
 * The same decisions either way: every scenario of the project's suite (rules/tests) decided by
 * one running service and by {@code evaluate} in process, on the same host files with the same
 * config, gives the same JSON document. The service is never restarted: each scenario's config
 * (its site rules, site parameters, QEMU's account) is written over the last one, so the reload
 * is exercised on every change.
 */
class ScenarioCorpusThroughServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyScenarioDecidesTheSameThroughTheServiceAndInProcess() throws IOException {
        Path root = Files.createDirectories(dir.resolve("host"));
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, "{}\n");
        List<ScenarioCase> cases = new ArrayList<>(ScenarioReader.readAll(List.of(Path.of("rules/tests"))));
        // grouped by their site rules, so the service compiles each rule set about once
        cases.sort(Comparator.comparing(c -> ScenarioRunner.extraRules(c).toString()));
        List<String> different = new ArrayList<>();
        int compared = 0;
        try (RunningService service = RunningService.start(config, dir.resolve("socket"), root, 1L << 20)) {
            for (ScenarioCase scenarioCase : cases) {
                clear(root);
                ScenarioRunner.writeHost(scenarioCase, root);
                writeConfig(config, scenarioCase);
                Scenario scenario = scenarioCase.scenario();
                String xml = scenario.domain() != null ? scenario.domain()
                        : Files.readString(scenarioCase.file().getParent().resolve(scenario.domainFile()));
                Path domain = Files.writeString(dir.resolve("domain.xml"), xml);
                String context = scenario.context() == null ? "cold-boot" : scenario.context();

                ServiceClient.Response answer = service.post("/v1/decisions?context=" + context, xml);
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("evaluate",
                        "--config", config.toString(), "--root", root.toString(), "--context", context, "--output", "json",
                        domain.toString());
                if (code == 2) {
                    // a scenario about an evaluation error: the service must refuse it too
                    if (answer.status() == 200) {
                        different.add(scenarioCase.location() + ": evaluate failed (" + err.toString().strip()
                                + ") but the service decided");
                    }
                    continue;
                }
                if (answer.status() != 200 || !JSON.readTree(answer.text()).equals(JSON.readTree(out.toString()))) {
                    different.add(scenarioCase.location() + ":\n  service (" + answer.status() + "): " + answer.text()
                            + "\n  evaluate: " + out);
                }
                compared++;
            }
            assertTrue(JSON.readTree(service.get("/v1/rules").text()).get("error").isNull());
        }
        assertEquals(List.of(), different);
        assertTrue(compared > 40, "scenarios compared: " + compared);
    }

    /** The scenario's options as config keys, written whole and renamed into place (a new file each time). */
    private void writeConfig(Path config, ScenarioCase scenarioCase) throws IOException {
        Scenario scenario = scenarioCase.scenario();
        Map<String, Object> keys = new LinkedHashMap<>();
        String[] user = ScenarioRunner.asUser(scenario).split(":");
        keys.put("qemu", Map.of("uid", Integer.parseInt(user[0]), "gid", Integer.parseInt(user[1])));
        if (scenario.site() != null) {
            keys.put("site", scenario.site());
        }
        if (scenario.dynamicOwnership() != null) {
            keys.put("dynamicOwnership", scenario.dynamicOwnership());
        }
        keys.put("rules", Map.of("site", ScenarioRunner.extraRules(scenarioCase).stream()
                .map(p -> p.toAbsolutePath().toString()).toList()));
        Path temporary = Files.writeString(dir.resolve("config.yaml.tmp"), JSON.writeValueAsString(keys));
        Files.move(temporary, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void clear(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
        }
    }
}
