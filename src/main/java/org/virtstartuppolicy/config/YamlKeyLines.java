package org.virtstartuppolicy.config;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.ToolError;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where keys stand in a YAML text, for messages that name the line of a bad key. Jackson's
 * streaming position may already be past the key; SnakeYAML's node tree keeps where each starts.
 * Path elements are key names, or {@code [N]} for the N-th item of a list.
 */
public final class YamlKeyLines {
    private final List<Node> documents = new ArrayList<>();

    private YamlKeyLines(String text) {
        for (Node document : new Yaml().composeAll(new StringReader(text))) {
            documents.add(document);
        }
    }

    /** The text's keys, or a {@link ToolError} {@code FILE:LINE: not valid YAML: …} when it is not YAML at all. */
    public static YamlKeyLines of(Path file, String text) {
        try {
            return new YamlKeyLines(text);
        } catch (MarkedYAMLException e) {
            Mark opened = e.getContextMark();
            Mark at = e.getProblemMark();
            String problem = e.getProblem() == null ? "" : e.getProblem();
            if (opened != null && problem.startsWith("expected ',' or ']'")) {
                return fail(file, opened, "a list opened with '[' is not closed with ']'");
            }
            if (opened != null && problem.startsWith("expected ',' or '}'")) {
                return fail(file, opened, "a mapping opened with '{' is not closed with '}'");
            }
            Opened bracket = problem.contains("found '<stream end>'") ? unclosedBracket(text) : null;
            if (bracket != null) {
                // a '[' or '{' with nothing after it: SnakeYAML marks the end of the file, not the opener
                return fail(file, bracket.line(), bracket.list() ? "a list opened with '[' is not closed with ']'"
                        : "a mapping opened with '{' is not closed with '}'");
            }
            if (problem.contains("mapping values are not allowed")) {
                return fail(file, at, "a ':' where no key may start (quote a value that holds ': ', or check the"
                        + " indentation)");
            }
            if (problem.contains("(TAB)") || problem.contains("\t")) {
                return fail(file, at, "a tab: YAML indents with spaces");
            }
            if (problem.contains("could not find expected ':'")) {
                return fail(file, opened != null ? opened : at, "a key without ':' after it");
            }
            if (problem.contains("but found '<block mapping start>'")) {
                return fail(file, at, "a key indented deeper than the keys before it (the keys of one mapping start in"
                        + " the same column)");
            }
            if (problem.contains("but found '-'") || problem.contains("but found '<block sequence start>'")) {
                return fail(file, at, "a list item ('- ...') where a key was expected (list items go under a key with"
                        + " nothing after its ':', indented alike)");
            }
            if (problem.contains("found unexpected end of stream")) {
                return fail(file, opened != null ? opened : at, "a quoted value is not closed");
            }
            return fail(file, at != null ? at : opened, problem.isEmpty() ? "cannot be read" : problem);
        } catch (YAMLException e) {
            throw new ToolError(file + ":1: not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static YamlKeyLines fail(Path file, Mark mark, String what) {
        return fail(file, mark == null ? 1 : mark.getLine() + 1, what);
    }

    private static YamlKeyLines fail(Path file, int line, String what) {
        throw new ToolError(file + ":" + line + ": not valid YAML: " + what);
    }

    /** A flow collection's opening bracket: a list's '[' or a mapping's '{', and its 1-based line. */
    private record Opened(boolean list, int line) {
    }

    /** The innermost '[' or '{' the text leaves open, outside quoted values and comments; null when none is. */
    private static Opened unclosedBracket(String text) {
        ArrayDeque<Opened> open = new ArrayDeque<>();
        int line = 1;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if ((c == '"' || c == '\'') && (i == 0 || " \t[{,".indexOf(text.charAt(i - 1)) >= 0)) {
                quote = c; // a quote opens a value only where a value may start: "it's" is no quote
            } else if (c == '[' || c == '{') {
                open.push(new Opened(c == '[', line));
            } else if ((c == ']' || c == '}') && !open.isEmpty()) {
                open.pop();
            }
        }
        return open.peek();
    }

    /** A key, dotted ({@code service.socket}), and its 1-based line. */
    public record KeyAt(String key, int line) {
    }

    /**
     * The first key written with nothing after its colon ({@code cacheDir:}), which YAML reads as
     * null; null when every key has a value.
     */
    public KeyAt keyWithoutValue() {
        for (Node document : documents) {
            KeyAt found = keyWithoutValue(document, "");
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static KeyAt keyWithoutValue(Node node, String path) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
                String dotted = path.isEmpty() ? key : path + "." + key;
                if (tuple.getValueNode() instanceof ScalarNode value && value.getTag().getValue().endsWith(":null")
                        && value.getValue().isEmpty()) {
                    return new KeyAt(dotted, tuple.getKeyNode().getStartMark().getLine() + 1);
                }
                KeyAt found = keyWithoutValue(tuple.getValueNode(), dotted);
                if (found != null) {
                    return found;
                }
            }
        } else if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                KeyAt found = keyWithoutValue(list.getValue().get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Whether the text holds no document at all (nothing, or only comments). */
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    /**
     * The 1-based line of the key at {@code path} in document {@code index}, or of the deepest
     * key of that path that exists (the document's first line when none does).
     */
    public int lineOf(int index, List<String> path) {
        Node node = documents.size() > index ? documents.get(index) : null;
        if (node == null) {
            return 1;
        }
        int line = node.getStartMark().getLine() + 1;
        for (String name : path) {
            Node next = child(node, name);
            if (next == null) {
                break;
            }
            line = (node instanceof MappingNode ? keyOf((MappingNode) node, name) : next).getStartMark().getLine() + 1;
            node = next;
        }
        return line;
    }

    /** What stands at {@code path} in document {@code index}, as a message shows it: {@code 'lots'}, a list, … */
    public String valueAt(int index, List<String> path) {
        Node node = documents.size() > index ? documents.get(index) : null;
        for (String name : path) {
            node = node == null ? null : child(node, name);
        }
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue().isEmpty() ? "nothing" : "'" + scalar.getValue() + "'";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return node instanceof MappingNode ? "a mapping" : "nothing";
    }

    private static Node child(Node node, String name) {
        if (name == null) {
            return null;
        }
        if (node instanceof SequenceNode list && name.matches("\\[\\d+]")) {
            int i = Integer.parseInt(name.substring(1, name.length() - 1));
            return i < list.getValue().size() ? list.getValue().get(i) : null;
        }
        if (node instanceof MappingNode mapping) {
            NodeTuple tuple = tuple(mapping, name);
            return tuple == null ? null : tuple.getValueNode();
        }
        return null;
    }

    private static Node keyOf(MappingNode mapping, String name) {
        return tuple(mapping, name).getKeyNode();
    }

    private static NodeTuple tuple(MappingNode mapping, String name) {
        return mapping.getValue().stream()
                .filter(t -> t.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name))
                .findFirst().orElse(null);
    }
}
