package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.StartErrorMessage;

/**
 * A decision as one JSON or YAML document, written field by field to a Jackson generator. The
 * field names are a contract with the management layers that read them: add fields, never rename.
 */
final class DecisionDocument {
    private DecisionDocument() {
    }

    static void write(JsonGenerator g, Decision decision) throws IOException {
        g.writeStartObject();
        g.writeStringField("domain", decision.domain().name());
        g.writeStringField("uuid", decision.domain().uuid());
        g.writeStringField("context", decision.context().getLabel());
        g.writeStringField("verdict", decision.verdict());
        g.writeArrayFieldStart("disks");
        for (DiskDecision disk : decision.disks()) {
            disk(g, disk);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("events");
        for (DiskDecision d : decision.events()) {
            g.writeStartObject();
            g.writeStringField("target", d.disk().target());
            g.writeStringField("type", "disk-change");
            g.writeStringField("reason", d.event());
            g.writeStringField("oldSource", d.disk().isEmpty() ? null : d.disk().source().path());
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

    private static void disk(JsonGenerator g, DiskDecision d) throws IOException {
        g.writeStartObject();
        g.writeStringField("target", d.disk().target());
        g.writeStringField("device", d.disk().device());
        g.writeStringField("type", d.disk().type());
        g.writeStringField("source", d.disk().isEmpty() ? null : d.disk().source().label());
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
        g.writeArrayFieldStart("rules");
        for (String rule : d.rules()) {
            g.writeString(rule);
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
