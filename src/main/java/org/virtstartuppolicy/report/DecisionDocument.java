package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.StartErrorMessage;
import org.virtstartuppolicy.decision.TraceStep;

/**
 * A decision as one JSON or YAML document, written field by field to a Jackson generator. The
 * field names are a contract with the management layers that read them: add fields, never rename.
 */
final class DecisionDocument {
    private DecisionDocument() {
    }

    /**
     * @param explain whether each disk carries its {@code trace}
     * @param file    the input file, named in a batch ({@code "file"}), or null
     */
    static void write(JsonGenerator g, Decision decision, boolean explain, String file) throws IOException {
        g.writeStartObject();
        if (file != null) {
            g.writeStringField("file", file);
        }
        g.writeStringField("domain", decision.domain().name());
        g.writeStringField("uuid", decision.domain().uuid());
        g.writeStringField("context", decision.context().getLabel());
        ChainDocument.checkedAs(g, decision.checkedAs());
        g.writeStringField("verdict", decision.verdict());
        g.writeArrayFieldStart("disks");
        for (DiskDecision disk : decision.disks()) {
            disk(g, disk, explain);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("events");
        for (DiskDecision d : decision.events()) {
            g.writeStartObject();
            g.writeStringField("target", d.disk().target());
            g.writeStringField("type", "disk-change");
            g.writeStringField("reason", d.event());
            g.writeStringField("oldSource", d.oldSource());
            g.writeNullField("newSource");
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("errors");
        for (StartErrorMessage error : decision.errors()) {
            g.writeStartObject();
            g.writeStringField("target", error.target());
            g.writeStringField("message", error.message());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void disk(JsonGenerator g, DiskDecision d, boolean explain) throws IOException {
        g.writeStartObject();
        g.writeStringField("target", d.disk().target());
        g.writeStringField("device", d.disk().device());
        g.writeStringField("type", d.disk().type());
        g.writeStringField("source", d.disk().isEmpty() ? null : d.disk().source().label());
        if (d.chain() != null && d.chain().pool() != null) {
            ChainDocument.pool(g, d.chain().pool());
        }
        g.writeStringField("startupPolicy", d.disk().startupPolicy());
        g.writeStringField("action", d.action());
        g.writeStringField("event", d.event());
        g.writeFieldName("problem");
        ChainDocument.problem(g, d.problem());
        g.writeArrayFieldStart("chain");
        if (d.chain() != null) {
            ChainDocument.elements(g, d.chain());
        }
        g.writeEndArray();
        g.writeStringField("reason", d.reason());
        g.writeFieldName("decidedBy");
        if (d.decidedBy() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeStringField("rule", d.decidedBy().rule());
            g.writeStringField("file", d.decidedBy().file());
            g.writeBooleanField("siteOverride", d.decidedBy().siteOverride());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("rules");
        for (String rule : d.rules()) {
            g.writeString(rule);
        }
        g.writeEndArray();
        if (explain) {
            trace(g, d);
        }
        g.writeEndObject();
    }

    private static void trace(JsonGenerator g, DiskDecision d) throws IOException {
        g.writeArrayFieldStart("trace");
        for (TraceStep step : d.trace()) {
            g.writeStartObject();
            g.writeStringField("says", step.says());
            g.writeStringField("rule", step.rule());
            g.writeStringField("file", step.file());
            g.writeArrayFieldStart("facts");
            for (String fact : step.facts()) {
                g.writeString(fact);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
