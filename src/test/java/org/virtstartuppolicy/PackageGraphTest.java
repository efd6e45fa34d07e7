package org.virtstartuppolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages under src/main/java, as their sources refer to one another: data flows one way,
 * nothing outside the command line imports it, and no package reaches back to one that needs it.
 */
class PackageGraphTest {
    private static final Path MAIN = Path.of("src/main/java/org/virtstartuppolicy");
    private static final Pattern PACKAGE = Pattern.compile("org\\.virtstartuppolicy\\.([a-z]+)\\.[A-Za-z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");

    /** Each package and the packages its code names (imports, static imports, qualified names). */
    static Map<String, Set<String>> graph(Path root) throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path folder = root.relativize(file).getParent();
                String from = folder == null ? "(root)" : folder.toString().replace('/', '.');
                Set<String> to = graph.computeIfAbsent(from, p -> new TreeSet<>());
                String code = STRING.matcher(COMMENT.matcher(Files.readString(file)).replaceAll(" ")).replaceAll("\"\"");
                Matcher named = PACKAGE.matcher(code);
                while (named.find()) {
                    if (!named.group(1).equals(from)) {
                        to.add(named.group(1));
                    }
                }
            }
        }
        return graph;
    }

    /** A cycle through the graph, as the packages it passes, or an empty list when there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (reachesBack(graph, start, start, path, new TreeSet<>())) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean reachesBack(Map<String, Set<String>> graph, String start, String at, List<String> path,
                                       Set<String> seen) {
        path.add(at);
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                path.add(next);
                return true;
            }
            if (seen.add(next) && reachesBack(graph, start, next, path, seen)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    @Test
    void noPackageButTheCommandLineImportsTheCommandLine() throws IOException {
        List<String> importers = graph(MAIN).entrySet().stream()
                .filter(entry -> !entry.getKey().equals("cli") && entry.getValue().contains("cli"))
                .map(Map.Entry::getKey).toList();
        assertEquals(List.of(), importers);
    }

    @Test
    void thePackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> graph = graph(MAIN);
        assertTrue(graph.size() >= 12, "the packages found: " + graph.keySet());
        assertEquals(List.of(), cycle(graph), "the graph: " + graph);
    }

    @Test
    void theDevelopmentGuideDrawsTheGraphTheSourcesHave() throws IOException {
        Map<String, Set<String>> drawn = drawnGraph(Files.readString(Path.of("src/site/markdown/development.md")));
        Map<String, Set<String>> graph = graph(MAIN);
        graph.remove("(root)");
        assertEquals(graph, drawn, "development.md's 'Who uses whom' against the sources");
    }

    /** The graph of development.md's "Who uses whom" block: "PACKAGE -> A, B," (more on indented lines), "(nothing)". */
    static Map<String, Set<String>> drawnGraph(String guide) {
        String block = guide.substring(guide.indexOf("Who uses whom:"));
        block = block.substring(block.indexOf("```") + 3);
        block = block.substring(0, block.indexOf("```"));
        Map<String, Set<String>> drawn = new TreeMap<>();
        Matcher line = Pattern.compile("(?m)^([a-z]+)\\s+-> (.+(?:\\n\\s+.+)*)").matcher(block);
        while (line.find()) {
            String uses = line.group(2).trim();
            Set<String> to = new TreeSet<>();
            if (!uses.equals("(nothing)")) {
                to.addAll(List.of(uses.split(",\\s*")));
            }
            drawn.put(line.group(1), to);
        }
        return drawn;
    }

    @Test
    void aDrawnGraphReadsAsWritten() {
        // the comparison above can fail: a drawing that leaves out an edge is another graph
        Map<String, Set<String>> drawn = drawnGraph("Who uses whom:\n```\ndomain -> (nothing)\nimage -> domain\n"
                + "cli -> domain,\n       image\n```\n");
        assertEquals(Map.of("domain", Set.of(), "image", Set.of("domain"), "cli", Set.of("domain", "image")), drawn);
    }

    @Test
    void aCycleIsFoundWhereThereIsOne() {
        // the check above can fail: the cli/service cycle this project once had
        Map<String, Set<String>> once = Map.of("cli", Set.of("service", "config"), "service", Set.of("cli"),
                "config", Set.of());
        assertEquals(List.of("cli", "service", "cli"), cycle(new TreeMap<>(once)));
    }
}
