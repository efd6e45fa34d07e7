package org.virtstartuppolicy.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a config that is plainly right (every key known, once, every value of exactly its type)
 * straight from the YAML parser's tokens, as Jackson's data binding would read it; anything else
 * is left to {@link ConfigReader}'s data binding, which converts or names the key and line at
 * fault. The data binding costs a run more than 100 ms to set up, every time the hook runs.
 */
final class PlainConfig {
    /** Built on first use, like the data binding. */
    private static final class Yaml {
        static final YAMLFactory FACTORY = new YAMLFactory();
    }

    private PlainConfig() {
    }

    /** The config, or null when it is not plainly right (or not there at all: an empty document). */
    static Config read(String text) {
        try (JsonParser parser = Yaml.FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Config config = config(parser);
            return config != null && parser.nextToken() == null ? config : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Config config(JsonParser parser) throws IOException {
        Config.Qemu qemu = null;
        Boolean dynamicOwnership = null;
        Integer chainDepthLimit = null;
        Map<String, Config.Pool> pools = null;
        String decisionLog = null;
        String context = null;
        Config.Rules rules = null;
        Map<String, Object> site = null;
        String stateDir = null;
        String cacheDir = null;
        Config.Limits limits = null;
        Boolean logEvaluate = null;
        String onError = null;
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (!seen.add(key)) {
                return null;
            }
            JsonToken value = parser.nextToken();
            Object read = switch (key) {
                case "qemu" -> qemu = qemu(parser, value);
                case "dynamicOwnership" -> dynamicOwnership = bool(value);
                case "chainDepthLimit" -> chainDepthLimit = integer(parser, value);
                case "pools" -> pools = pools(parser, value);
                case "decisionLog" -> decisionLog = string(parser, value);
                case "context" -> context = string(parser, value);
                case "rules" -> rules = rules(parser, value);
                case "site" -> site = value == JsonToken.START_OBJECT ? map(parser) : null;
                case "stateDir" -> stateDir = string(parser, value);
                case "cacheDir" -> cacheDir = string(parser, value);
                case "limits" -> limits = limits(parser, value);
                case "logEvaluate" -> logEvaluate = bool(value);
                case "onError" -> onError = string(parser, value);
                default -> null;
            };
            if (read == null) {
                return null;
            }
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            return null;
        }
        // a service section is left to the data binding
        return new Config(qemu, dynamicOwnership, chainDepthLimit, pools, decisionLog, context, rules, site, stateDir,
                cacheDir, null, limits, logEvaluate, onError);
    }

    private static Config.Qemu qemu(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return null;
        }
        Integer uid = null;
        Integer gid = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken token = parser.nextToken();
            Integer read;
            if (key.equals("uid") && uid == null) {
                read = uid = integer(parser, token);
            } else if (key.equals("gid") && gid == null) {
                read = gid = integer(parser, token);
            } else {
                return null;
            }
            if (read == null) {
                return null;
            }
        }
        return uid == null || gid == null ? null : new Config.Qemu(uid, gid);
    }

    private static Config.Limits limits(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return null;
        }
        Map<String, Integer> read = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Integer number = integer(parser, parser.nextToken());
            if (!List.of("domainXmlBytes", "disksPerDomain", "ruleFirings").contains(key) || number == null
                    || read.put(key, number) != null) {
                return null;
            }
        }
        return new Config.Limits(read.get("domainXmlBytes"), read.get("disksPerDomain"), read.get("ruleFirings"));
    }

    private static Map<String, Config.Pool> pools(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return null;
        }
        Map<String, Config.Pool> pools = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            Config.Pool pool = pool(parser, parser.nextToken());
            if (pool == null || pools.put(name, pool) != null) {
                return null;
            }
        }
        return pools;
    }

    private static Config.Pool pool(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return null;
        }
        String type = null;
        String path = null;
        Boolean active = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken token = parser.nextToken();
            Object read;
            if (key.equals("type") && type == null) {
                read = type = string(parser, token);
            } else if (key.equals("path") && path == null) {
                read = path = string(parser, token);
            } else if (key.equals("active") && active == null) {
                read = active = bool(token);
            } else {
                return null;
            }
            if (read == null) {
                return null;
            }
        }
        return path == null ? null : new Config.Pool(type, path, active);
    }

    private static Config.Rules rules(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return null;
        }
        String baseline = null;
        List<String> site = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken token = parser.nextToken();
            if (key.equals("baseline") && baseline == null) {
                baseline = string(parser, token);
                if (baseline == null) {
                    return null;
                }
            } else if (key.equals("site") && site == null) {
                site = strings(parser, token);
                if (site == null) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return new Config.Rules(baseline, site);
    }

    private static List<String> strings(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return null;
        }
        List<String> strings = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            String string = string(parser, token);
            if (string == null) {
                return null;
            }
            strings.add(string);
        }
        return strings;
    }

    /** A free-form map, as the data binding reads one into {@code Map<String, Object>}; null for values it would read otherwise. */
    private static Map<String, Object> map(JsonParser parser) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Object value = untyped(parser, parser.nextToken());
            if (value == null || map.containsKey(key)) {
                return null;
            }
            map.put(key, value);
        }
        return map;
    }

    private static Object untyped(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.INT ? parser.getIntValue() : null;
            case START_OBJECT -> map(parser);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    Object value = untyped(parser, item);
                    if (value == null) {
                        yield null;
                    }
                    list.add(value);
                }
                yield list;
            }
            // floats, nulls, binary: left to the data binding
            default -> null;
        };
    }

    private static String string(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? parser.getText() : null;
    }

    private static Integer integer(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                ? parser.getIntValue() : null;
    }

    private static Boolean bool(JsonToken value) {
        return value == JsonToken.VALUE_TRUE ? Boolean.TRUE : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
    }
}
