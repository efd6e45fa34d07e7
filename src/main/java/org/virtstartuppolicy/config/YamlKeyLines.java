package org.virtstartuppolicy.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Where keys stand in a YAML text, for messages that name the line of a bad key. Jackson's
 * streaming position may already be past the key; SnakeYAML's node tree keeps where each starts.
 */
public final class YamlKeyLines {
    private final List<Node> documents = new ArrayList<>();

    public YamlKeyLines(String text) {
        for (Node document : new Yaml().composeAll(new StringReader(text))) {
            documents.add(document);
        }
    }

    /**
     * The 1-based line of the key at {@code path} in document {@code index}, or of the deepest
     * key of that path that exists (the document's first line when none does).
     */
    public int lineOf(int index, List<String> path) {
        if (index >= documents.size()) {
            return 1;
        }
        Node node = documents.get(index);
        int line = node.getStartMark().getLine() + 1;
        for (String name : path) {
            if (!(node instanceof MappingNode mapping) || name == null) {
                break;
            }
            NodeTuple tuple = mapping.getValue().stream()
                    .filter(t -> t.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name))
                    .findFirst().orElse(null);
            if (tuple == null) {
                break;
            }
            line = tuple.getKeyNode().getStartMark().getLine() + 1;
            node = tuple.getValueNode();
        }
        return line;
    }
}
