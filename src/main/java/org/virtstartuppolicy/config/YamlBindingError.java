package org.virtstartuppolicy.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.virtstartuppolicy.Spelling;
import org.virtstartuppolicy.ToolError;

/**
 * A YAML file (config or scenario) whose keys or values do not fit what the tool reads, told
 * as {@code FILE:LINE: …} in the tool's words: the key's path, what it wants and what it got,
 * never the data binding's own message with its Java types.
 */
public record YamlBindingError(Path file, YamlKeyLines lines, int document) {
    private static final Pattern REQUIRED = Pattern.compile("Missing required creator property '([^']*)'");

    public ToolError of(JsonMappingException e) {
        List<String> path = path(e);
        String at = file + ":" + lines.lineOf(document, path) + ": ";
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = unknown.getKnownPropertyIds() == null ? List.of()
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).toList();
            return new ToolError(at + "unknown key '" + dotted(path) + "'"
                    + Spelling.suggestion(unknown.getPropertyName(), known));
        }
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher required = REQUIRED.matcher(message);
        if (required.lookingAt()) {
            // the path may end at the missing key itself
            List<String> parent = !path.isEmpty() && path.get(path.size() - 1).equals(required.group(1))
                    ? path.subList(0, path.size() - 1) : path;
            return new ToolError(file + ":" + lines.lineOf(document, parent) + ": " + (parent.isEmpty() ? "the document"
                    : "'" + dotted(parent) + "'") + " needs the key '" + required.group(1) + "'");
        }
        Class<?> wanted = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
                ? mismatch.getTargetType() : null;
        return new ToolError(at + "wrong value for " + (path.isEmpty() ? "the document" : "'" + dotted(path) + "'") + ": want " + describe(wanted) + ", got "
                + lines.valueAt(document, path));
    }

    /** The keys down to the bad value; a list item as {@code [N]}. */
    private static List<String> path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .toList();
    }

    private static String dotted(List<String> path) {
        StringBuilder text = new StringBuilder();
        for (String key : path) {
            text.append(text.isEmpty() || key.startsWith("[") ? "" : ".").append(key);
        }
        return text.toString();
    }

    /** A Java type as a YAML author thinks of it. */
    static String describe(Class<?> type) {
        if (type == null) {
            return "a value of another kind";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a single value (text)";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a mapping (key: value)";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (type.isRecord()) {
            return "a mapping with the keys " + Arrays.stream(type.getRecordComponents())
                    .map(c -> c.getName()).collect(Collectors.joining(", "));
        }
        return "a value of another kind";
    }
}
