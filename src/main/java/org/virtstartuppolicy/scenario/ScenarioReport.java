package org.virtstartuppolicy.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** A test run as a table with a closing "N passed, M failed" line, as JSON, or as JUnit XML for CI systems. */
public final class ScenarioReport {
    private ScenarioReport() {
    }

    /** @param coverage the rule coverage to show, or null */
    public static String text(List<ScenarioResult> results, RuleCoverage coverage) {
        StringBuilder out = new StringBuilder();
        int width = Math.max("SCENARIO".length(), results.stream().mapToInt(r -> r.name().length()).max().orElse(0));
        out.append(pad("SCENARIO", width)).append("  RESULT  TIME\n");
        for (ScenarioResult result : results) {
            out.append(pad(result.name(), width)).append("  ").append(result.passed() ? "pass  " : "FAIL  ")
                    .append("  ").append(result.millis()).append(" ms\n");
            if (!result.passed()) {
                out.append("    at ").append(result.scenarioCase().location()).append('\n');
                result.failures().forEach(failure -> out.append("    ").append(failure).append('\n'));
            }
        }
        if (coverage != null) {
            out.append(String.format(Locale.ROOT, "%nrule coverage%s: %d of %d rules fired (%.1f%%)%n",
                    coverage.scope().equals("site") ? " of the site's rules" : "",
                    coverage.rules().size() - coverage.neverFired().size(), coverage.rules().size(), coverage.percent()));
            out.append("SCENARIOS  RULE\n");
            for (RuleCoverage.Entry entry : coverage.rules()) {
                out.append(String.format(Locale.ROOT, "%9d  %s%n", entry.scenarios(), entry.rule()));
            }
            if (!coverage.neverFired().isEmpty()) {
                out.append("never fired:\n");
                coverage.neverFired().forEach(entry -> out.append("  ").append(entry.rule()).append('\n'));
            }
        }
        return out.append(closingLine(results)).append('\n').toString();
    }

    /** The line CI systems read: {@code N passed, M failed}. */
    public static String closingLine(List<ScenarioResult> results) {
        long failed = results.stream().filter(r -> !r.passed()).count();
        return (results.size() - failed) + " passed, " + failed + " failed";
    }

    public static String json(List<ScenarioResult> results, RuleCoverage coverage) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeArrayFieldStart("scenarios");
            for (ScenarioResult result : results) {
                g.writeStartObject();
                g.writeStringField("name", result.name());
                g.writeStringField("file", result.scenarioCase().file().toString());
                g.writeNumberField("line", result.scenarioCase().line());
                g.writeStringField("result", result.passed() ? "pass" : "fail");
                g.writeArrayFieldStart("failures");
                for (String failure : result.failures()) {
                    g.writeString(failure);
                }
                g.writeEndArray();
                g.writeNumberField("millis", result.millis());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("passed", results.stream().filter(ScenarioResult::passed).count());
            g.writeNumberField("failed", results.stream().filter(r -> !r.passed()).count());
            if (coverage != null) {
                g.writeObjectFieldStart("coverage");
                g.writeStringField("scope", coverage.scope());
                g.writeNumberField("percent", coverage.percent());
                g.writeArrayFieldStart("rules");
                for (RuleCoverage.Entry entry : coverage.rules()) {
                    g.writeStartObject();
                    g.writeStringField("rule", entry.rule().rule());
                    g.writeStringField("file", entry.rule().file());
                    g.writeNumberField("scenarios", entry.scenarios());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    /** One testsuite; each scenario a testcase named after it, its class the scenario file. */
    public static String junit(List<ScenarioResult> results) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            long failed = results.stream().filter(r -> !r.passed()).count();
            String seconds = seconds(results.stream().mapToLong(ScenarioResult::millis).sum());
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            attributes(xml, "tests", results.size(), "failures", failed, "errors", 0, "time", seconds);
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "virt-startup-policy rule scenarios");
            attributes(xml, "tests", results.size(), "failures", failed, "errors", 0, "skipped", 0, "time", seconds);
            for (ScenarioResult result : results) {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", result.name());
                xml.writeAttribute("classname", result.scenarioCase().file().toString());
                xml.writeAttribute("time", seconds(result.millis()));
                if (!result.passed()) {
                    xml.writeStartElement("failure");
                    xml.writeAttribute("message", result.failures().get(0));
                    xml.writeAttribute("type", "expectation");
                    xml.writeCharacters(result.scenarioCase().location() + "\n" + String.join("\n", result.failures()));
                    xml.writeEndElement();
                }
                xml.writeEndElement();
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return out.append('\n').toString();
    }

    private static void attributes(XMLStreamWriter xml, Object... namesAndValues) throws XMLStreamException {
        List<Object> pairs = new ArrayList<>(List.of(namesAndValues));
        for (int i = 0; i < pairs.size(); i += 2) {
            xml.writeAttribute(String.valueOf(pairs.get(i)), String.valueOf(pairs.get(i + 1)));
        }
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
