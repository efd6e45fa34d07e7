package org.virtstartuppolicy.facts;

import java.util.List;
import java.util.Map;

/**
 * The config's free-form {@code site:} parameters, so that common changes need no DRL: a rule
 * matches {@code Site(pathUnder($disk.source(), "optionalPrefixes"))} and the prefixes live in YAML.
 */
public record Site(Map<String, Object> parameters) implements Described {
    public Site {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** The parameter {@code key}, or null. */
    public Object value(String key) {
        return parameters.get(key);
    }

    /** The parameter {@code key} as a list of strings: empty when absent, one element for a single value. */
    public List<String> list(String key) {
        Object value = parameters.get(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    /** True when {@code path} is one of the folders listed under {@code key}, or inside one. */
    public boolean pathUnder(String path, String key) {
        if (path == null) {
            return false;
        }
        for (String prefix : list(key)) {
            String folder = prefix.endsWith("/") ? prefix : prefix + "/";
            if (path.equals(prefix) || path.startsWith(folder)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String describe() {
        return "site parameters " + parameters;
    }
}
