package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.WhatIf;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.StartErrorMessage;
import org.virtstartuppolicy.decision.UsbDecision;
import org.virtstartuppolicy.decision.WarningMessage;

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
    static void write(JsonGenerator g, WhatIf decision, boolean explain, String file) throws IOException {
        g.writeStartObject();
        if (file != null) {
            g.writeStringField("file", file);
        }
        fields(g, decision.decision(), explain);
        if (decision.today() != null) {
            today(g, decision.today());
            g.writeBooleanField("changed", decision.changed());
        }
        g.writeEndObject();
    }

    /** What the host as it is gives, beside a what-if's decision: {@code "today": {"verdict", "disks": [{"target", "action"}]}}. */
    static void today(JsonGenerator g, Decision today) throws IOException {
        g.writeObjectFieldStart("today");
        g.writeStringField("verdict", today.verdict().label());
        g.writeArrayFieldStart("disks");
        for (DiskDecision disk : today.disks()) {
            g.writeStartObject();
            g.writeStringField("target", disk.disk().target());
            g.writeStringField("action", disk.action().label());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The decision's fields, in an object the caller opened (a host report's guest holds them too). */
    static void fields(JsonGenerator g, Decision decision, boolean explain) throws IOException {
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
        g.writeArrayFieldStart("usbDevices");
        for (UsbDecision usb : decision.usbDevices()) {
            UsbDocument.write(g, usb, explain);
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
        warnings(g, decision);
    }

    /** {@code "warnings": [{"target", "message"}]}, {@code target} null for the whole domain. */
    static void warnings(JsonGenerator g, Decision decision) throws IOException {
        g.writeArrayFieldStart("warnings");
        for (WarningMessage warning : decision.warnings()) {
            g.writeStartObject();
            g.writeStringField("target", warning.target());
            g.writeStringField("message", warning.message());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
