package org.virtstartuppolicy.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.ChainProblem;

/** One inspected image as a JSON/YAML tree: {@code {"image", "chain": […], "problem"}}. */
public final class ChainDocument {
    private ChainDocument() {
    }

    public static ObjectNode of(String image, BackingChain chain) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("image", image);
        ArrayNode elements = root.putArray("chain");
        chain.elements().forEach(e -> elements.add(DecisionDocument.element(e)));
        root.set("problem", DecisionDocument.problem(chain.problem()));
        return root;
    }

    /** Like {@code qemu-img info --backing-chain}: a block per element, then the problem if any. */
    public static String text(String image, BackingChain chain) {
        StringBuilder out = new StringBuilder();
        chain.elements().forEach(element -> {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append("image: ").append(element.path()).append('\n');
            out.append("file format: ").append(element.format() == null ? "unknown" : element.format()).append('\n');
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
            out.append("present: ").append(element.present() ? "yes" : "no").append('\n');
        });
        ChainProblem problem = chain.problem();
        if (problem != null) {
            out.append(chain.elements().isEmpty() ? "" : "\n").append("problem: ").append(problem.kind().label())
                    .append(": ").append(problem.path());
            if (problem.referencedBy() != null) {
                out.append(" (referred to by ").append(problem.referencedBy()).append(')');
            }
            out.append("\n  ").append(problem.message()).append('\n');
        } else if (chain.elements().isEmpty()) {
            out.append("image: ").append(image).append("\nnothing to check\n");
        }
        return out.toString();
    }
}
