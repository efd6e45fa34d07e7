package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.virtstartuppolicy.decision.UsbDecision;
import org.virtstartuppolicy.domain.UsbDevice;
import org.virtstartuppolicy.domain.UsbId;

/** One USB host device's decision in a decision's JSON or YAML ({@code "usbDevices": [...]}). */
final class UsbDocument {
    private UsbDocument() {
    }

    static void write(JsonGenerator g, UsbDecision d, boolean explain) throws IOException {
        UsbDevice device = d.device();
        g.writeStartObject();
        g.writeStringField("device", device.label());
        g.writeStringField("vendor", device.vendor() == null ? null : UsbId.hex(device.vendor()));
        g.writeStringField("product", device.product() == null ? null : UsbId.hex(device.product()));
        number(g, "bus", device.bus());
        number(g, "address", device.device());
        g.writeStringField("alias", device.alias());
        g.writeStringField("startupPolicy", device.startupPolicy());
        g.writeStringField("policy", d.policy() == null ? null : d.policy().policy().label());
        g.writeStringField("policyFrom", d.policy() == null ? null : d.policy().origin().label());
        g.writeStringField("outcome", d.outcome().label());
        g.writeFieldName("found");
        if (d.found() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeStringField("entry", d.found().entry());
            g.writeNumberField("bus", d.found().bus());
            g.writeNumberField("device", d.found().devnum());
            g.writeStringField("node", d.found().nodePath());
            g.writeEndObject();
        }
        g.writeStringField("error", d.error());
        g.writeStringField("reason", d.reason());
        g.writeFieldName("decidedBy");
        if (d.decidedBy() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            g.writeStringField("rule", d.decidedBy().rule());
            g.writeStringField("file", d.decidedBy().file());
            g.writeEndObject();
        }
        g.writeStringField("claimedBy", d.claimedBy() == null ? null : d.claimedBy().rule());
        if (explain) {
            DiskDocument.trace(g, d.trace());
        }
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String field, Integer value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, Integer.toUnsignedLong(value));
        }
    }
}
