package org.virtstartuppolicy.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.StartErrorMessage;
import org.virtstartuppolicy.image.ChainElement;
import org.virtstartuppolicy.image.ChainProblem;

/**
 * A decision as one JSON/YAML tree. The field names are a contract with the management layers
 * that read them: add fields, never rename.
 */
public final class DecisionDocument {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DecisionDocument() {
    }

    public static ObjectNode of(Decision decision) {
        ObjectNode root = NODES.objectNode();
        root.put("domain", decision.domain().name());
        root.put("uuid", decision.domain().uuid());
        root.put("context", decision.context().getLabel());
        root.put("verdict", decision.verdict());
        ArrayNode disks = root.putArray("disks");
        decision.disks().forEach(d -> disks.add(disk(d)));
        ArrayNode events = root.putArray("events");
        for (DiskDecision d : decision.events()) {
            ObjectNode event = events.addObject();
            event.put("target", d.disk().target());
            event.put("type", "disk-change");
            event.put("reason", d.event());
            event.put("oldSource", d.disk().isEmpty() ? null : d.disk().source().path());
            event.putNull("newSource");
        }
        ArrayNode errors = root.putArray("errors");
        for (StartErrorMessage error : decision.errors()) {
            errors.addObject().put("target", error.target()).put("message", error.message());
        }
        return root;
    }

    private static ObjectNode disk(DiskDecision d) {
        ObjectNode disk = NODES.objectNode();
        disk.put("target", d.disk().target());
        disk.put("device", d.disk().device());
        disk.put("type", d.disk().type());
        disk.put("source", d.disk().isEmpty() ? null : d.disk().source().label());
        disk.put("startupPolicy", d.disk().startupPolicy());
        disk.put("action", d.action());
        disk.put("event", d.event());
        disk.set("problem", problem(d.problem()));
        ArrayNode chain = disk.putArray("chain");
        if (d.chain() != null) {
            d.chain().elements().forEach(e -> chain.add(element(e)));
        }
        disk.put("reason", d.reason());
        ArrayNode rules = disk.putArray("rules");
        d.rules().forEach(rules::add);
        return disk;
    }

    static ObjectNode problem(ChainProblem problem) {
        if (problem == null) {
            return null;
        }
        return NODES.objectNode()
                .put("kind", problem.kind().label())
                .put("path", problem.path())
                .put("referencedBy", problem.referencedBy())
                .put("message", problem.message());
    }

    static ObjectNode element(ChainElement element) {
        ObjectNode node = NODES.objectNode().put("path", element.path()).put("format", element.format());
        node.put("backingName", element.backingName());
        node.put("backingPath", element.backingPath());
        node.put("backingFormat", element.backingFormat());
        if (element.dataFile() != null) {
            node.put("dataFile", element.dataFile());
        }
        node.put("present", element.present());
        return node;
    }
}
