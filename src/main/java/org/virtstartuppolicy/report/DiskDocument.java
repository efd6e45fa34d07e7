package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.TraceStep;

/**
 * One disk's decision as a JSON or YAML object: the same in an evaluation's {@code disks} and in
 * a decision-log line. The field names are a contract: add fields, never rename.
 */
final class DiskDocument {
    private DiskDocument() {
    }

    /** @param explain whether the disk carries its {@code trace} */
    static void write(JsonGenerator g, DiskDecision d, boolean explain) throws IOException {
        g.writeStartObject();
        g.writeStringField("target", d.disk().target());
        g.writeStringField("device", d.disk().device());
        g.writeStringField("type", d.disk().type());
        g.writeStringField("source", d.disk().isEmpty() ? null : d.disk().source().label());
        if (d.chain() != null && d.chain().pool() != null) {
            ChainDocument.pool(g, d.chain().pool());
        }
        g.writeStringField("startupPolicy", d.disk().startupPolicy());
        policy(g, d);
        g.writeStringField("action", d.action().label());
        g.writeStringField("event", d.event() == null ? null : d.event().label());
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

    /**
     * The policy the table applied and where it came from: {@code {"policy", "from", "rule",
     * "file"}}, {@code from} being definition, default (none written: mandatory) or site (the rule
     * and file of the claim); null for an invalid disk, to which none applies.
     */
    private static void policy(JsonGenerator g, DiskDecision d) throws IOException {
        g.writeFieldName("effectivePolicy");
        if (d.policy() == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("policy", d.policy().policy().label());
        g.writeStringField("from", switch (d.policy().origin()) {
            case DECLARED -> "definition";
            case DEFAULT -> "default";
            case SITE -> "site";
        });
        if (d.claimedBy() != null) {
            g.writeStringField("rule", d.claimedBy().rule());
            g.writeStringField("file", d.claimedBy().file());
        }
        g.writeEndObject();
    }

    private static void trace(JsonGenerator g, DiskDecision d) throws IOException {
        trace(g, d.trace());
    }

    /** How a decision came about, step by step: {@code "trace": [{"says", "rule", "file", "facts"}]}. */
    static void trace(JsonGenerator g, List<TraceStep> trace) throws IOException {
        g.writeArrayFieldStart("trace");
        for (TraceStep step : trace) {
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
