package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.virtstartuppolicy.host.Dependents;

/** What uses a path: as text, the chains drawn down to it; as one JSON or YAML document. */
final class DependentsDocument {
    private DependentsDocument() {
    }

    static void write(JsonGenerator g, Dependents dependents) throws IOException {
        g.writeStartObject();
        strings(g, "paths", dependents.paths());
        g.writeArrayFieldStart("guests");
        for (Dependents.User user : dependents.guests()) {
            g.writeStartObject();
            g.writeStringField("name", user.guest());
            g.writeStringField("target", user.target());
            g.writeStringField("image", user.image());
            strings(g, "chain", user.chain());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("images");
        for (Dependents.User user : dependents.images()) {
            g.writeStartObject();
            g.writeStringField("path", user.image());
            strings(g, "chain", user.chain());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("broken");
        for (Dependents.Broken broken : dependents.broken()) {
            g.writeStartObject();
            g.writeStringField("name", broken.guest());
            g.writeStringField("target", broken.target());
            g.writeStringField("image", broken.image());
            g.writeStringField("missing", broken.missing());
            g.writeStringField("referencedBy", broken.referencedBy());
            g.writeStringField("leadsThere", broken.leadsThere());
            g.writeBooleanField("counted", broken.counted());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("summary");
        g.writeNumberField("guestDisks", dependents.guests().size());
        g.writeNumberField("images", dependents.images().size());
        g.writeNumberField("brokenCounted", dependents.broken().stream().filter(Dependents.Broken::counted).count());
        g.writeBooleanField("safeToRemove", !dependents.anything());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    /** What uses the paths, counted, or that nothing does: the text's last line, and the page's first. */
    static String summary(Dependents dependents) {
        String what = String.join(", ", dependents.paths());
        long counted = dependents.broken().stream().filter(Dependents.Broken::counted).count();
        return dependents.guests().size() + " guest disk(s), " + dependents.images().size() + " image(s)"
                + (counted == 0 ? "" : " and " + counted + " broken chain(s) that would lead there")
                + (dependents.anything() ? " use " + what : "; nothing uses " + what + ": safe to remove");
    }

    static String text(Dependents dependents) {
        StringBuilder out = new StringBuilder();
        String what = String.join(", ", dependents.paths());
        if (!dependents.guests().isEmpty()) {
            out.append("guest disks whose chain uses ").append(what).append(":\n");
            dependents.guests().forEach(user -> out.append("  ").append(user.guest()).append(' ').append(user.target())
                    .append(": ").append(String.join(" -> ", user.chain())).append('\n'));
        }
        if (!dependents.images().isEmpty()) {
            out.append(out.isEmpty() ? "" : "\n").append("other images whose chain uses it (no guest's disk):\n");
            dependents.images().forEach(user -> out.append("  ").append(String.join(" -> ", user.chain())).append('\n'));
        }
        if (!dependents.broken().isEmpty()) {
            out.append(out.isEmpty() ? "" : "\n").append("broken before they could reach it:\n");
            for (Dependents.Broken broken : dependents.broken()) {
                out.append("  ").append(broken.guest()).append(' ').append(broken.target()).append(": ").append(broken.image())
                        .append(" is missing ").append(broken.missing())
                        .append(broken.referencedBy() == null ? "" : " (referred to by " + broken.referencedBy() + ")")
                        .append(broken.counted() ? "; " + broken.leadsThere() + ", which could be it, leads there: counted"
                                : "").append('\n');
            }
        }
        out.append(out.isEmpty() ? "" : "\n").append("summary: ").append(summary(dependents)).append('\n');
        return out.toString();
    }
}
