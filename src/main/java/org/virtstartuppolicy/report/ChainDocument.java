package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.Candidate;
import org.virtstartuppolicy.image.ChainElement;
import org.virtstartuppolicy.image.ChainProblem;
import org.virtstartuppolicy.image.QemuUser;
import org.virtstartuppolicy.image.StoragePool;

/** One inspected image: {@code {"image", "chain": […], "problem"}} in JSON or YAML, or text like qemu-img's. */
final class ChainDocument {
    private ChainDocument() {
    }

    static void write(JsonGenerator g, String image, BackingChain chain, QemuUser checkedAs) throws IOException {
        g.writeStartObject();
        g.writeStringField("image", image);
        checkedAs(g, checkedAs);
        g.writeArrayFieldStart("chain");
        elements(g, chain);
        g.writeEndArray();
        g.writeFieldName("problem");
        problem(g, chain.problem());
        g.writeEndObject();
    }

    static void elements(JsonGenerator g, BackingChain chain) throws IOException {
        for (ChainElement element : chain.elements()) {
            g.writeStartObject();
            g.writeStringField("path", element.path());
            g.writeStringField("format", element.format());
            g.writeStringField("backingName", element.backingName());
            g.writeStringField("backingPath", element.backingPath());
            g.writeStringField("backingFormat", element.backingFormat());
            if (element.dataFile() != null) {
                g.writeStringField("dataFile", element.dataFile());
            }
            if (element.virtualSize() != null) {
                g.writeNumberField("virtualSize", element.virtualSize());
            }
            g.writeBooleanField("present", element.present());
            g.writeEndObject();
        }
    }

    /** The pool a volume disk was looked up in: {@code "pool": {"name", "type", "path", "active", "source"}}. */
    static void pool(JsonGenerator g, StoragePool pool) throws IOException {
        g.writeObjectFieldStart("pool");
        g.writeStringField("name", pool.name());
        g.writeStringField("type", pool.type());
        g.writeStringField("path", pool.path());
        g.writeBooleanField("active", pool.active());
        g.writeStringField("source", pool.source());
        g.writeEndObject();
    }

    /** The account whose access was judged: {@code "checkedAs": {"uid", "gid", "source"}}. */
    static void checkedAs(JsonGenerator g, QemuUser user) throws IOException {
        g.writeObjectFieldStart("checkedAs");
        g.writeNumberField("uid", user.uid());
        g.writeNumberField("gid", user.gid());
        g.writeStringField("source", user.source());
        g.writeEndObject();
    }

    /** The account line of the text outputs. */
    static String checkedAsText(QemuUser user) {
        return "access judged as QEMU's account " + user.label() + " (" + user.source() + ")";
    }

    static void problem(JsonGenerator g, ChainProblem problem) throws IOException {
        if (problem == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("kind", problem.kind().label());
        g.writeStringField("path", problem.path());
        g.writeStringField("referencedBy", problem.referencedBy());
        g.writeStringField("message", problem.message());
        if (problem.assumption() != null) {
            g.writeStringField("assumption", problem.assumption());
        }
        g.writeArrayFieldStart("candidates");
        for (Candidate candidate : problem.candidates()) {
            g.writeStartObject();
            g.writeStringField("path", candidate.path());
            g.writeStringField("format", candidate.format());
            if (candidate.virtualSize() != null) {
                g.writeNumberField("virtualSize", candidate.virtualSize());
            }
            g.writeStringField("where", candidate.where());
            g.writeStringField("command", candidate.command());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Under a missing file, each file that could be it, with the command that would put it back: text lines. */
    static void candidates(StringBuilder out, ChainProblem problem, String indent) {
        for (Candidate candidate : problem.candidates()) {
            out.append(indent).append("'").append(candidate.path()).append("' ").append(candidate.where())
                    .append(" is a ").append(candidate.format()).append(" image that could be it")
                    .append(candidate.virtualSize() == null ? "" : " (" + candidate.virtualSize() + " bytes)").append(": ")
                    .append(candidate.command()).append('\n');
        }
    }

    /**
     * Like {@code qemu-img info --backing-chain}: a block per element, then the problem if any.
     * An image whose header could not be read at all still gets its block, and a file that is not
     * there no format: what the referrer expects is on the referrer's block.
     */
    static String text(String image, BackingChain chain) {
        StringBuilder out = new StringBuilder();
        if (chain.elements().isEmpty()) {
            out.append("image: ").append(image).append('\n');
        }
        chain.elements().forEach(element -> {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append("image: ").append(element.path()).append('\n');
            if (element.present()) {
                out.append("file format: ").append(element.format() == null ? "unknown" : element.format()).append('\n');
            }
            if (element.backingName() != null) {
                out.append("backing file: ").append(element.backingName());
                if (!element.backingName().equals(element.backingPath())) {
                    out.append(" (actual path: ").append(element.backingPath()).append(')');
                }
                out.append('\n');
                out.append("backing file format: ")
                        .append(element.backingFormat() == null ? "not recorded" : element.backingFormat()).append('\n');
            }
            if (element.dataFile() != null) {
                out.append("data file: ").append(element.dataFile()).append('\n');
            }
            if (element.virtualSize() != null) {
                out.append("virtual size: ").append(element.virtualSize()).append(" bytes\n");
            }
            out.append("present: ").append(element.present() ? "yes" : "no").append('\n');
        });
        ChainProblem problem = chain.problem();
        if (problem != null) {
            out.append("\n").append("problem: ").append(problem.kind().label())
                    .append(": ").append(problem.path());
            if (problem.referencedBy() != null) {
                out.append(" (referred to by ").append(problem.referencedBy()).append(')');
            }
            out.append("\n  ").append(problem.message()).append('\n');
            if (problem.assumption() != null) {
                out.append("  (as ").append(problem.assumption()).append(" assumes)\n");
            }
            candidates(out, problem, "  ");
        } else if (chain.elements().isEmpty()) {
            out.append("nothing to check\n");
        }
        return out.toString();
    }
}
