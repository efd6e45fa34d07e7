package org.virtstartuppolicy.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A scrape read back by Prometheus' own text-format parser (Debian's python3-prometheus-client,
 * which CI installs), not by the code that wrote it.
 */
final class PrometheusText {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String PARSE = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = []
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    out.append({"family": family.name, "type": family.type, "name": s.name, "labels": s.labels, "value": s.value})
            print(json.dumps(out))
            """;

    private final JsonNode samples;

    private PrometheusText(JsonNode samples) {
        this.samples = samples;
    }

    static void assumeParser() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import prometheus_client.parser").start();
        Assumptions.assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "no prometheus_client (apt-get install python3-prometheus-client)");
    }

    /** The scrape parsed; a text the parser refuses fails the test with the parser's message. */
    static PrometheusText parse(String scrape) throws IOException, InterruptedException {
        Process parser = new ProcessBuilder(PYTHON.toString(), "-c", PARSE).redirectErrorStream(true).start();
        parser.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        parser.getOutputStream().close();
        String out = new String(parser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!parser.waitFor(60, TimeUnit.SECONDS) || parser.exitValue() != 0) {
            throw new AssertionError("Prometheus' parser refused the scrape: " + out);
        }
        return new PrometheusText(new ObjectMapper().readTree(out));
    }

    /** The value of the sample with this name and exactly these labels, or null when there is none. */
    Double value(String name, Map<String, String> labels) {
        for (JsonNode sample : samples) {
            if (sample.get("name").asText().equals(name) && labelsOf(sample).equals(labels)) {
                return sample.get("value").asDouble();
            }
        }
        return null;
    }

    /** The sum over every sample of this name whose labels include these. */
    double sum(String name, Map<String, String> labels) {
        double sum = 0;
        for (JsonNode sample : samples) {
            if (sample.get("name").asText().equals(name) && labelsOf(sample).entrySet().containsAll(labels.entrySet())) {
                sum += sample.get("value").asDouble();
            }
        }
        return sum;
    }

    /** The family's type as the scrape declares it (counter, gauge, histogram, info). */
    String type(String family) {
        for (JsonNode sample : samples) {
            if (sample.get("family").asText().equals(family)) {
                return sample.get("type").asText();
            }
        }
        return null;
    }

    private static Map<String, String> labelsOf(JsonNode sample) {
        Map<String, String> labels = new java.util.TreeMap<>();
        sample.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
