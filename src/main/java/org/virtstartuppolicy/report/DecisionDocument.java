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
        g.writeStringField("verdict", decision.verdict().label());
        g.writeArrayFieldStart("disks");
        for (DiskDecision disk : decision.disks()) {
            DiskDocument.write(g, disk, explain);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("events");
        for (DiskDecision d : decision.events()) {
            g.writeStartObject();
            g.writeStringField("target", d.disk().target());
            g.writeStringField("type", "disk-change");
            g.writeStringField("reason", d.event().label());
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
}
