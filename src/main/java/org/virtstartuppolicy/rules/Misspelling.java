package org.virtstartuppolicy.rules;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtstartuppolicy.Spelling;

/**
 * A compiler problem caused by a misspelt name in a rule file, said with the name that was meant:
 * a fact type (among the file's imports), a field of a fact, a constant of the vocabulary. One
 * misspelt fact type is one problem: the compiler's follow-on complaint that the variable bound
 * to that pattern cannot be resolved is left out.
 */
final class Misspelling {
    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+([\\w.]+)\\s*;?");
    private static final Pattern UNKNOWN_TYPE = Pattern.compile("^unknown fact type '([^']+)'");
    private static final Pattern NO_FIELD = Pattern.compile("^(\\w+) has no field '(\\w+)'");
    private static final Pattern UNRESOLVED = Pattern.compile("^cannot compile the rule's then: (\\w+) cannot be resolved"
            + " or is not a field");
    private static final Pattern UNBOUND = Pattern.compile("^cannot compile the rule's then: (\\$\\w+) cannot be resolved"
            + " to a variable");

    private Misspelling() {
    }

    /** The problem, with what was meant when a name in it is a near miss of one the file can use. */
    static String explained(String problem, RuleFile file) {
        Map<String, String> imports = imports(file.text());
        Matcher type = UNKNOWN_TYPE.matcher(problem);
        if (type.find()) {
            Optional<String> meant = Spelling.closest(type.group(1), imports.keySet());
            return meant.map(name -> "unknown fact type '" + type.group(1) + "' (did you mean '" + name + "'?)").orElse(problem);
        }
        Matcher field = NO_FIELD.matcher(problem);
        if (field.find()) {
            String owner = imports.get(field.group(1));
            String named = isEnum(owner) ? field.group(1) + " has no constant '" + field.group(2) + "'" : field.group();
            return named + Spelling.suggestion(field.group(2), members(owner)) + problem.substring(field.end());
        }
        Matcher unresolved = UNRESOLVED.matcher(problem);
        if (unresolved.find()) {
            // the compiler does not say whose constant it is: the file says, as OWNER.NAME
            Matcher owner = Pattern.compile("\\b([A-Z]\\w*)\\." + Pattern.quote(unresolved.group(1)) + "\\b").matcher(file.text());
            if (owner.find() && imports.containsKey(owner.group(1))) {
                List<String> members = members(imports.get(owner.group(1)));
                return owner.group(1) + " has no constant '" + unresolved.group(1) + "'"
                        + Spelling.suggestion(unresolved.group(1), members) + " (in the rule's then)";
            }
        }
        return problem;
    }

    /**
     * Whether the problem only follows from an unknown fact type in the same file: the variable
     * the misspelt pattern binds ({@code $disk : DiskFakt(…)}) is then unknown to the rule's then.
     */
    static boolean followsFrom(String problem, RuleFile file, List<String> unknownTypes) {
        Matcher unbound = UNBOUND.matcher(problem);
        if (!unbound.find()) {
            return false;
        }
        for (String type : unknownTypes) {
            if (Pattern.compile(Pattern.quote(unbound.group(1)) + "\\s*:\\s*" + Pattern.quote(type) + "\\s*\\(")
                    .matcher(file.text()).find()) {
                return true;
            }
        }
        return false;
    }

    /** The fact types a problem says are unknown, for {@link #followsFrom}. */
    static Optional<String> unknownType(String problem) {
        Matcher type = UNKNOWN_TYPE.matcher(problem);
        return type.find() ? Optional.of(type.group(1)) : Optional.empty();
    }

    /** The file's imports, by simple name. */
    private static Map<String, String> imports(String text) {
        Map<String, String> imports = new LinkedHashMap<>();
        Matcher imported = IMPORT.matcher(text);
        while (imported.find()) {
            String name = imported.group(1);
            imports.put(name.substring(name.lastIndexOf('.') + 1), name);
        }
        return imports;
    }

    private static boolean isEnum(String className) {
        Class<?> type = load(className);
        return type != null && type.isEnum();
    }

    private static Class<?> load(String className) {
        try {
            return className == null ? null : Class.forName(className, false, Misspelling.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** What a rule may name on a class: a record's accessors, bean properties, enum constants and public constants. */
    private static List<String> members(String className) {
        List<String> members = new ArrayList<>();
        Class<?> type = load(className);
        if (type == null) {
            return members;
        }
        for (Method method : type.getMethods()) {
            String name = method.getName();
            if (method.getParameterCount() > 0 || method.getReturnType() == void.class || Modifier.isStatic(method.getModifiers())
                    || method.getDeclaringClass() == Object.class || List.of("toString", "hashCode").contains(name)) {
                continue;
            }
            if (type.isRecord()) {
                members.add(name); // a record's accessors, and the properties it derives as methods (device())
            } else if (name.length() > 3 && name.startsWith("get")) {
                members.add(Character.toLowerCase(name.charAt(3)) + name.substring(4));
            } else if (name.length() > 2 && name.startsWith("is")) {
                members.add(Character.toLowerCase(name.charAt(2)) + name.substring(3));
            }
        }
        for (Field constant : type.getFields()) {
            if (Modifier.isStatic(constant.getModifiers())) {
                members.add(constant.getName());
            }
        }
        return members;
    }
}
