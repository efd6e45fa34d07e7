package org.virtstartuppolicy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.image.QemuUser;

/**
 * {@code GET /metrics} read by Prometheus' own parser against the decisions really made and
 * logged, and the readiness that follows the files on disk and the decision log.
 */
class ServiceMetricsAndHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String P = "virt_startup_policy_";

    @TempDir
    Path dir;

    @Test
    void aScrapeParsesAndItsCountersMatchTheDecisionsMadeAndLogged() throws Exception {
        PrometheusText.assumeParser();
        Path logs = Files.createDirectories(dir.resolve("log"));
        Path log = logs.resolve("decisions.jsonl");
        Path site = Files.createDirectories(dir.resolve("site"));
        QemuUser me = QemuUser.current();
        Path config = Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid()
                + "}\ndecisionLog: " + log + "\nstateDir: " + dir.resolve("state") + "\nrules: {site: [" + site + "]}\n");
        Path present = TestImages.raw(dir.resolve("system.raw"));
        String optional = TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("gone.iso").toString(), "optional", "sda"));
        String mandatory = TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("gone.iso").toString(), "mandatory", "sda"));

        try (RunningService service = RunningService.start(config, dir.resolve("run/socket"))) {
            for (String context : List.of("cold-boot", "cold-boot", "restore")) {
                assertEquals(200, service.post("/v1/decisions?context=" + context, optional).status());
            }
            assertEquals(200, service.post("/v1/decisions?context=cold-boot", mandatory).status());
            ServiceClient.Response refused = service.post("/v1/hook/prepare?guest=test&suboperation=begin&extra=-", mandatory);
            assertEquals(409, refused.status(), refused.text());
            assertEquals(404, service.get("/nowhere").status());
            assertEquals(200, service.get("/v1/health/live").status());
            ServiceClient.Response ready = service.get("/v1/health/ready");
            assertEquals(200, ready.status(), ready.text());
            assertEquals("ready", JSON.readTree(ready.text()).get("status").asText());

            ServiceClient.Response scrape = service.get("/metrics");
            assertEquals(200, scrape.status());
            assertTrue(scrape.headers().get("content-type").startsWith("text/plain; version=0.0.4"), scrape.headers().toString());
            PrometheusText metrics = PrometheusText.parse(scrape.text());

            // every decision counted as the log holds it: origin, context, verdict
            List<JsonNode> logged = Files.readAllLines(log).stream().map(ServiceMetricsAndHealthTest::json).toList();
            assertEquals(5, logged.size());
            for (JsonNode line : logged) {
                String origin = line.get("origin").asText().contains("hook prepare") ? "hook prepare" : "api";
                long same = logged.stream().filter(l -> l.get("origin").asText().equals(line.get("origin").asText())
                        && l.get("context").asText().equals(line.get("context").asText())
                        && l.get("verdict").asText().equals(line.get("verdict").asText())).count();
                assertEquals((double) same, metrics.value(P + "decisions_total", Map.of("origin", origin,
                        "context", line.get("context").asText(), "verdict", line.get("verdict").asText())), line.toString());
            }
            assertEquals(5.0, metrics.sum(P + "decisions_total", Map.of()));
            assertEquals("counter", metrics.type(P + "decisions"));
            long ejected = logged.stream().flatMap(l -> toList(l.get("disks")).stream())
                    .filter(d -> d.get("action").asText().equals("eject")).count();
            assertEquals(3.0, (double) ejected, "the three decisions of the optional medium");
            assertEquals((double) ejected, metrics.value(P + "disk_decisions_total", Map.of("action", "eject")));
            assertEquals(10.0, metrics.sum(P + "disk_decisions_total", Map.of()), "two disks in each of five decisions");

            // requests by handler, method and status: the histogram's counts
            assertEquals("histogram", metrics.type(P + "http_request_duration_seconds"));
            assertEquals(4.0, metrics.value(P + "http_request_duration_seconds_count",
                    Map.of("handler", "/v1/decisions", "method", "POST", "code", "200")));
            assertEquals(1.0, metrics.value(P + "http_request_duration_seconds_count",
                    Map.of("handler", "/v1/hook", "method", "POST", "code", "409")));
            assertEquals(1.0, metrics.value(P + "http_request_duration_seconds_count",
                    Map.of("handler", "other", "method", "GET", "code", "404")));
            assertEquals(1.0, metrics.value(P + "http_request_duration_seconds_bucket",
                    Map.of("handler", "/v1/health/ready", "method", "GET", "code", "200", "le", "+Inf")));

            String digest = JSON.readTree(service.get("/v1/rules").text()).get("digest").asText();
            assertEquals(1.0, metrics.value(P + "rules_info", Map.of("digest", digest)));
            assertEquals(1.0, metrics.value(P + "rule_compilations_total", Map.of()));
            assertEquals(0.0, metrics.value(P + "rule_reload_failures_total", Map.of()));
            assertEquals(0.0, metrics.value(P + "rules_load_failing", Map.of()));
            assertNotNull(metrics.value("jvm_threads_current", Map.of()), "the JVM's own metrics");
            assertNotNull(metrics.value("process_open_fds", Map.of()), "the process's own metrics");

            // rules that stop compiling: not ready, counted, and the last good rules still decide
            Files.writeString(site.resolve("broken.drl"), "package site;\nrule \"Broken\"\nwhen\n  NoSuchFact()\nthen\nend\n");
            ServiceClient.Response unready = service.get("/v1/health/ready");
            assertEquals(503, unready.status());
            assertTrue(unready.text().startsWith("not ready: the config or rules on disk do not load (the last good ones, "
                    + digest + ", still decide): ") && unready.text().contains("broken.drl"), unready.text());
            assertEquals(200, service.get("/v1/health/live").status(), "not ready is not dead");
            assertEquals(200, service.post("/v1/decisions", optional).status());
            metrics = PrometheusText.parse(service.get("/metrics").text());
            assertEquals(1.0, metrics.value(P + "rule_reload_failures_total", Map.of()));
            assertEquals(1.0, metrics.value(P + "rules_load_failing", Map.of()));
            assertEquals(1.0, metrics.value(P + "last_good_decisions_total", Map.of()));
            assertEquals(1.0, metrics.value(P + "http_request_duration_seconds_count",
                    Map.of("handler", "/v1/health/ready", "method", "GET", "code", "503")));

            // mended with a rule that compiles: ready again, a second compilation, the new digest in force
            Files.writeString(site.resolve("broken.drl"), Files.readString(Path.of("rules/tests/site-rules/drop-missing.drl")));
            assertEquals(200, service.get("/v1/health/ready").status());
            String mended = JSON.readTree(service.get("/v1/rules").text()).get("digest").asText();
            metrics = PrometheusText.parse(service.get("/metrics").text());
            assertEquals(2.0, metrics.value(P + "rule_compilations_total", Map.of()));
            assertEquals(1.0, metrics.value(P + "rules_info", Map.of("digest", mended)));
            assertEquals(null, metrics.value(P + "rules_info", Map.of("digest", digest)), "only the rules in force");

            // the decision log's folder gone: not ready, naming the log
            Files.delete(log);
            Files.delete(logs);
            unready = service.get("/v1/health/ready");
            assertEquals(503, unready.status());
            assertEquals("not ready: " + log + ": cannot write the decision log: no such folder\n", unready.text());
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> all = new java.util.ArrayList<>();
        array.forEach(all::add);
        return all;
    }
}
