package org.virtstartuppolicy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's Markdown documents, for the tests that hold them to the code: the README and one
 * file per audience under {@code src/site/markdown/}. Reads sections by heading and fenced code
 * blocks in them, ignoring what only looks like a heading inside a code block.
 */
public final class Documentation {
    public static final Path README = Path.of("README.md");
    public static final Path FOLDER = Path.of("src", "site", "markdown");
    /** Install, the hook, the decision service, configuration, the decision log. */
    public static final Path OPERATING = FOLDER.resolve("operating.md");
    /** How a decision is made, writing site rules, check, rule regression tests. */
    public static final Path SITE_RULES = FOLDER.resolve("site-rules.md");
    /** Commands, the JSON/YAML contract, how chains are followed, limits and security. */
    public static final Path REFERENCE = FOLDER.resolve("reference.md");
    /** Architecture, tests, conformance, fuzzing, performance. */
    public static final Path DEVELOPMENT = FOLDER.resolve("development.md");

    private Documentation() {
    }

    /** The README and every {@code *.md} under {@code src/site/markdown/}, in that order (the latter by name). */
    public static List<Path> files() {
        List<Path> files = new ArrayList<>(List.of(README));
        try (Stream<Path> listed = Files.list(FOLDER)) {
            listed.filter(file -> file.getFileName().toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * The section of a document that starts at the heading line given exactly ({@code "### Limits"})
     * and runs to the next heading of the same or a higher level, heading included.
     *
     * @throws AssertionError when the document has no such heading, or has it twice
     */
    public static String section(Path file, String heading) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int level = headingLevel(heading);
        if (level == 0) {
            throw new IllegalArgumentException("not a heading: " + heading);
        }
        boolean[] code = inCode(lines);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (!code[i] && lines.get(i).strip().equals(heading)) {
                if (start >= 0) {
                    throw new AssertionError(file + ": the heading '" + heading + "' is there twice");
                }
                start = i;
            }
        }
        if (start < 0) {
            throw new AssertionError(file + ": no heading '" + heading + "'");
        }
        int end = start + 1;
        while (end < lines.size() && (code[end] || headingLevel(lines.get(end)) == 0
                || headingLevel(lines.get(end)) > level)) {
            end++;
        }
        return String.join("\n", lines.subList(start, end)) + "\n";
    }

    /**
     * The text of the first fenced code block in {@code text} whose info string is {@code language}
     * ({@code "sh"} for a block opened with three backticks and {@code sh}), with its final newline.
     *
     * @throws AssertionError when there is none
     */
    public static String firstBlock(String text, String language) {
        List<String> lines = text.lines().toList();
        Fence[] kinds = fences(lines);
        for (int i = 0; i < lines.size(); i++) {
            if (kinds[i] == Fence.OPENING && lines.get(i).strip().equals("```" + language)) {
                StringBuilder body = new StringBuilder();
                for (int j = i + 1; j < lines.size() && kinds[j] == Fence.CODE; j++) {
                    body.append(lines.get(j)).append('\n');
                }
                return body.toString();
            }
        }
        throw new AssertionError("no ```" + language + " block in:\n" + text);
    }

    /** The level of an ATX heading line ({@code ## Title}: 2), or 0 for any other line. */
    static int headingLevel(String line) {
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        if (indent > 3) {
            return 0;
        }
        int level = 0;
        while (indent + level < line.length() && line.charAt(indent + level) == '#') {
            level++;
        }
        if (level == 0 || level > 6) {
            return 0;
        }
        int after = indent + level;
        return after == line.length() || line.charAt(after) == ' ' || line.charAt(after) == '\t' ? level : 0;
    }

    /** What a line is, as far as fenced code blocks go. */
    enum Fence {
        PROSE, OPENING, CODE, CLOSING;

        boolean code() {
            return this != PROSE;
        }
    }

    /**
     * For each line, whether it is prose or belongs to a fenced code block: a fence is three or more
     * backticks or tildes indented at most three spaces, closed by a fence of the same character at
     * least as long (or by the end of the document).
     */
    static Fence[] fences(List<String> lines) {
        Fence[] kinds = new Fence[lines.size()];
        char fence = 0;
        int length = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String text = line.stripLeading();
            char first = text.isEmpty() ? 0 : text.charAt(0);
            int run = 0;
            if (line.length() - text.length() <= 3 && (first == '`' || first == '~')) {
                while (run < text.length() && text.charAt(run) == first) {
                    run++;
                }
            }
            if (fence == 0) {
                kinds[i] = run >= 3 ? Fence.OPENING : Fence.PROSE;
                if (run >= 3) {
                    fence = first;
                    length = run;
                }
            } else if (first == fence && run >= length && text.substring(run).isBlank()) {
                kinds[i] = Fence.CLOSING;
                fence = 0;
            } else {
                kinds[i] = Fence.CODE;
            }
        }
        return kinds;
    }

    /** For each line, whether it belongs to a fenced code block, fences included. */
    static boolean[] inCode(List<String> lines) {
        Fence[] kinds = fences(lines);
        boolean[] code = new boolean[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            code[i] = kinds[i].code();
        }
        return code;
    }
}
