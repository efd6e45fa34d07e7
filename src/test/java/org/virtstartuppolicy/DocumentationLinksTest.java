package org.virtstartuppolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link in the README and in {@code src/site/markdown/*.md} resolves: the file or
 * folder it names exists, and a {@code #anchor} is one that a heading of the target Markdown file
 * gives, as GitHub makes anchors from headings. Links to {@code http:}, {@code https:},
 * {@code mailto:} (any URI with a scheme) are not followed. Links and headings inside code (fenced
 * blocks and inline code spans) do not count.
 */
class DocumentationLinksTest {
    /** An inline link or image: {@code [text](target)} or {@code [text](target "title")}; the text may span lines. */
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> problems = problems(Path.of(""), Documentation.files());
        assertTrue(problems.isEmpty(), () -> problems.size() + " broken links:\n" + String.join("\n", problems));
    }

    @Test
    void theDocumentsAreAllThere() {
        List<Path> files = Documentation.files();
        for (Path file : List.of(Documentation.README, Documentation.OPERATING, Documentation.SITE_RULES,
                Documentation.REFERENCE, Documentation.DEVELOPMENT)) {
            assertTrue(files.contains(file), file + " is among " + files);
        }
    }

    /** The check itself fails, naming FILE:LINE, for each kind of broken link, and passes what resolves. */
    @Test
    void aBrokenLinkIsNamedByItsFileAndLine(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs/sub"));
        Files.writeString(root.resolve("docs/target.md"), """
                # Target
                ## How chains are followed
                ## `serve`: the decision service
                ## Twice
                ## Twice
                <a id="by-hand"></a>
                ```
                ## Not a heading, in code
                ```
                """);
        Files.writeString(root.resolve("docs/sub/other.txt"), "text\n");
        Files.writeString(root.resolve("README.md"), """
                # Readme
                [fine](docs/target.md), [fine too](docs/target.md#how-chains-are-followed),
                [a folder](docs/sub/), [this file](#readme), [by hand](docs/target.md#by-hand),
                [duplicate](docs/target.md#twice-1), [code heading](docs/target.md#serve-the-decision-service)
                [the web](https://example.org/nothing.md) and [mail](mailto:nobody@example.org)
                [gone](docs/gone.md)
                `[in code](docs/gone-too.md)`
                ```
                [in a block](docs/gone-too.md)
                ```
                [no such
                heading](docs/target.md#no-such-heading) and [in code](docs/target.md#not-a-heading-in-code)
                [not markdown](docs/sub/other.txt#L1) [here](#nowhere)
                """);
        assertEquals(List.of(
                        "README.md:6: [gone](docs/gone.md): no such file or folder",
                        "README.md:11: [no such heading](docs/target.md#no-such-heading): no heading in docs/target.md gives #no-such-heading",
                        "README.md:12: [in code](docs/target.md#not-a-heading-in-code): no heading in docs/target.md gives #not-a-heading-in-code",
                        "README.md:13: [not markdown](docs/sub/other.txt#L1): docs/sub/other.txt is not Markdown, so #L1 cannot be checked",
                        "README.md:13: [here](#nowhere): no heading in README.md gives #nowhere"),
                problems(root, List.of(Path.of("README.md"))));
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertEquals(List.of("why---explain-the-decision-log-and-explain", "the-decision-service-serve", "qemus-account",
                        "rule-regression-tests-test", "inspect-against-qemu-img", "start-up-and-batch-benchmark",
                        "start-up-and-batch-benchmark-1", "a-link-here"),
                new ArrayList<>(anchors(List.of("# Why: `--explain`, the decision log and `explain`",
                        "## The decision service: `serve`", "### QEMU's account", "## Rule regression tests: `test`",
                        "### `inspect` against `qemu-img`", "## Start-up and batch benchmark",
                        "## Start-up and batch benchmark", "## A [link](elsewhere.md) *here*"))));
    }

    /** Every broken relative link in the files (paths relative to {@code root}), as {@code FILE:LINE: [text](target): why}. */
    static List<String> problems(Path root, List<Path> files) throws IOException {
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            String text = prose(Files.readAllLines(root.resolve(file)));
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(2);
                if (SCHEME.matcher(target).find()) {
                    continue;
                }
                int line = 1 + (int) text.substring(0, link.start()).chars().filter(c -> c == '\n').count();
                String shown = "[" + link.group(1).replaceAll("\\s+", " ").strip() + "](" + target + ")";
                int hash = target.indexOf('#');
                String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path linked = path.isEmpty() ? file
                        : path.startsWith("/") ? Path.of(path.substring(1)).normalize()
                        : (file.getParent() == null ? Path.of(path) : file.getParent().resolve(path)).normalize();
                String where = file + ":" + line + ": " + shown + ": ";
                if (!Files.exists(root.resolve(linked))) {
                    problems.add(where + "no such file or folder");
                } else if (anchor != null && !linked.toString().endsWith(".md")) {
                    problems.add(where + linked + " is not Markdown, so #" + anchor + " cannot be checked");
                } else if (anchor != null && !anchorsByFile.computeIfAbsent(linked, markdown -> anchorsOf(root.resolve(markdown)))
                        .contains(anchor)) {
                    problems.add(where + "no heading in " + linked + " gives #" + anchor);
                }
            }
        }
        return problems;
    }

    /** The anchors a Markdown file's headings give (and any {@code <a id>} or {@code <a name>} in it). */
    private static Set<String> anchorsOf(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            boolean[] code = Documentation.inCode(lines);
            List<String> headings = new ArrayList<>();
            Set<String> anchors = new LinkedHashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                if (code[i]) {
                    continue;
                }
                if (Documentation.headingLevel(lines.get(i)) > 0) {
                    headings.add(lines.get(i));
                }
                Matcher html = HTML_ANCHOR.matcher(lines.get(i));
                while (html.find()) {
                    anchors.add(html.group(1));
                }
            }
            anchors.addAll(anchors(headings));
            return anchors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The anchors GitHub gives these heading lines, in order: the heading's text as shown (links
     * by their text, no code or emphasis marks), lower-cased, every character but letters, digits,
     * spaces, hyphens and underscores removed, each space a hyphen; a repeated anchor gets
     * {@code -1}, {@code -2}, … after it.
     */
    static Set<String> anchors(List<String> headings) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String heading : headings) {
            String text = heading.strip().replaceFirst("^#{1,6}\\s*", "").replaceFirst("\\s+#+\\s*$", "")
                    .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                    .replaceAll("[`*]", "")
                    .strip();
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }

    /**
     * The document with everything that is code blanked out (fenced blocks, inline code spans),
     * every line kept in its place, so that a link found in it is a real link and its offset gives
     * its line.
     */
    private static String prose(List<String> lines) {
        boolean[] code = Documentation.inCode(lines);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            text.append(code[i] ? "" : lines.get(i)).append('\n');
        }
        // Inline code: a run of backticks up to the next run of the same length, within a paragraph.
        Matcher ticks = Pattern.compile("`+").matcher(text);
        int from = 0;
        while (ticks.find(from)) {
            int length = ticks.end() - ticks.start();
            int paragraphEnd = text.indexOf("\n\n", ticks.end());
            Matcher close = Pattern.compile("(?<!`)`{" + length + "}(?!`)").matcher(text)
                    .region(ticks.end(), paragraphEnd < 0 ? text.length() : paragraphEnd).useTransparentBounds(true);
            if (close.find()) {
                for (int c = ticks.start(); c < close.end(); c++) {
                    if (text.charAt(c) != '\n') {
                        text.setCharAt(c, ' ');
                    }
                }
                from = close.end();
            } else {
                from = ticks.end();
            }
        }
        return text.toString();
    }
}
