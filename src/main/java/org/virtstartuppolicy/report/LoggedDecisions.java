package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.virtstartuppolicy.ToolError;

/**
 * Reads a decision log back for an operator: the decisions that match a query, oldest first,
 * each as a few readable lines.
 *
 * @param domain only this domain, or null for all
 * @param since  only decisions at or after this instant, or null
 * @param action only decisions where some disk got this action, or null
 */
public record LoggedDecisions(String domain, Instant since, String action) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a log holds for a query.
     *
     * @param logged   how many decisions the log holds
     * @param matching those that match, oldest first
     */
    public record Found(int logged, List<JsonNode> matching) {
    }

    /** The matching decisions, oldest first; lines that are not decisions are reported, not hidden. */
    public Found read(Path file, List<String> skipped) {
        List<String> lines = lines(file);
        List<JsonNode> matching = new ArrayList<>();
        int logged = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            JsonNode entry = parse(lines.get(i));
            Instant at = entry == null ? null : timestamp(entry);
            if (at == null) {
                skipped.add(file + ":" + (i + 1) + ": not a logged decision, skipped");
                continue;
            }
            logged++;
            if (matches(entry, at)) {
                matching.add(entry);
            }
        }
        if (logged == 0 && !skipped.isEmpty()) {
            throw new ToolError(file + ": not a decision log: none of its " + skipped.size() + " lines is a logged"
                    + " decision");
        }
        matching.sort(Comparator.comparing(LoggedDecisions::timestamp));
        return new Found(logged, matching);
    }

    /** The log's lines; a file that is not text at all (a binary, a wrong file) is refused naming its first bad line. */
    private static List<String> lines(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ToolError(file + ": no such decision log");
        } catch (AccessDeniedException e) {
            throw new ToolError(file + ": cannot read the decision log: permission denied");
        } catch (IOException e) {
            throw new ToolError(file + ": cannot read the decision log: " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i > start || i < bytes.length) {
                    lines.add(text(file, lines.size() + 1, bytes, start, i));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static String text(Path file, int line, byte[] bytes, int from, int to) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
            if (text.indexOf('\0') >= 0) {
                throw new CharacterCodingException();
            }
            return text;
        } catch (CharacterCodingException e) {
            throw new ToolError(file + ":" + line + ": not a decision log: binary data, not lines of JSON text");
        }
    }

    private boolean matches(JsonNode entry, Instant at) {
        if (domain != null && !domain.equals(entry.path("domain").asText())) {
            return false;
        }
        if (since != null && at.isBefore(since)) {
            return false;
        }
        if (action == null) {
            return true;
        }
        for (JsonNode disk : entry.path("disks")) {
            if (action.equals(disk.path("action").asText())) {
                return true;
            }
        }
        return false;
    }

    /** One decision as an operator reads it: when, which guest, the verdict, then each disk and why. */
    public static String describe(JsonNode entry) {
        StringBuilder out = new StringBuilder();
        out.append(entry.path("timestamp").asText()).append("  ").append(entry.path("domain").asText())
                .append(" (").append(entry.path("uuid").asText("no uuid")).append(")  ")
                .append(entry.path("context").asText()).append(": ")
                .append("start".equals(entry.path("verdict").asText()) ? "started" : "start failed")
                .append("  on ").append(entry.path("host").asText()).append('\n');
        // lines written before the origin was logged have only contextFrom
        out.append("  from ").append(entry.path("origin").asText("an older version (origin not logged)"));
        if (entry.hasNonNull("contextFrom")) {
            out.append(", context from ").append(entry.path("contextFrom").asText());
        }
        out.append('\n');
        for (JsonNode disk : entry.path("disks")) {
            out.append("  ").append(disk.path("target").asText()).append(": ").append(disk.path("action").asText());
            if (!disk.path("event").isNull()) {
                out.append(" (").append(disk.path("event").asText()).append(')');
            }
            out.append(" - ").append(disk.path("reason").asText()).append('\n');
            JsonNode problem = disk.path("problem");
            if (problem.isObject()) {
                out.append("      ").append(problem.path("kind").asText()).append(": ").append(problem.path("path").asText());
                if (!problem.path("referencedBy").isNull()) {
                    out.append(" (referred to by ").append(problem.path("referencedBy").asText()).append(')');
                }
                out.append('\n');
            }
            List<String> rules = new ArrayList<>();
            disk.path("rules").forEach(rule -> rules.add(rule.asText()));
            out.append("      rules: ").append(String.join(", ", rules)).append('\n');
        }
        out.append("  decision ").append(entry.path("decisionId").asText()).append(", rules ")
                .append(entry.path("rulesDigest").asText()).append('\n');
        return out.toString();
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode entry = JSON.readTree(line);
            return entry != null && entry.isObject() ? entry : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static Instant timestamp(JsonNode entry) {
        try {
            return Instant.parse(entry.path("timestamp").asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
