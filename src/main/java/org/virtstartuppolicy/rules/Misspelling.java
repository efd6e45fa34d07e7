package org.virtstartuppolicy.rules;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.virtstartuppolicy.Spelling;

/**
 * A compiler problem caused by a misspelt name in a rule file, said with the name that was meant:
 * a fact type (among the file's imports), a field of a fact, a constant of the vocabulary. One
 * misspelt fact type is one problem: the compiler's follow-on complaint that the variable bound
 * to that pattern cannot be resolved is left out.
 */
final class Misspelling {
    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+([\\w.]+)\\s*;?");
    private static final Pattern WILDCARD = Pattern.compile("(?m)^\\s*import\\s+(org\\.virtstartuppolicy\\.[\\w.]+)\\.\\*");
    private static final Pattern UNKNOWN_TYPE = Pattern.compile("^unknown fact type '([^']+)'");
    private static final Pattern NO_FIELD = Pattern.compile("^(\\w+) has no field '(\\w+)'");
    private static final Pattern UNRESOLVED = Pattern.compile("^cannot compile the rule's then: (\\w+) cannot be resolved"
            + " or is not a field");
    // "to a variable" where the then passes it on, nothing more where it calls a method of it
    private static final Pattern UNBOUND = Pattern.compile("^cannot compile the rule's then: (\\$\\w+) cannot be resolved\\b");

    private Misspelling() {
    }

    /** The problem, with what was meant when a name in it is a near miss of one the file can use. */
    static String explained(String problem, RuleFile file) {
        Map<String, String> imports = imports(file.text());
        Matcher type = UNKNOWN_TYPE.matcher(problem);
        if (type.find()) {
            List<String> known = new ArrayList<>(imports.keySet());
            known.addAll(wildcardImports(file.text()));
            Optional<String> meant = Spelling.closest(type.group(1), known);
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

    /** The tool's classes a file imports with {@code import org.virtstartuppolicy.facts.*;}, by simple name. */
    private static List<String> wildcardImports(String text) {
        List<String> names = new ArrayList<>();
        Matcher imported = WILDCARD.matcher(text);
        while (imported.find()) {
            names.addAll(classesIn(imported.group(1)));
        }
        return names;
    }

    /** The top-level classes of one of the tool's packages, as its jar (or classes folder) holds them. */
    private static List<String> classesIn(String pkg) {
        String folder = pkg.replace('.', '/') + "/";
        try {
            Path where = Path.of(Misspelling.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> entries;
            if (Files.isDirectory(where)) {
                try (Stream<Path> files = Files.list(where.resolve(folder))) {
                    entries = files.map(file -> folder + file.getFileName()).toList();
                }
            } else {
                try (JarFile jar = new JarFile(where.toFile())) {
                    entries = jar.stream().map(JarEntry::getName).toList();
                }
            }
            return entries.stream()
                    .filter(name -> name.startsWith(folder) && name.endsWith(".class") && name.indexOf('/', folder.length()) < 0
                            && !name.contains("$"))
                    .map(name -> name.substring(folder.length(), name.length() - ".class".length())).toList();
        } catch (IOException | URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            return List.of(); // no suggestion then, the problem is still told
        }
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
