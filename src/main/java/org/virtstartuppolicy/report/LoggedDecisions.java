package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.facts.Verdict;

/**
 * Reads a decision log back for an operator: the decisions that match a query, oldest first,
 * each as a few readable lines.
 *
 * @param domain only this domain, or null for all
 * @param since  only decisions at or after this instant, or null
 * @param action only decisions where some disk got this action, or null
 */
public record LoggedDecisions(String domain, Instant since, Action action) {
    /** The labels the log writes ({@code start}, {@code remove}) are the vocabulary's {@code toString()}. */
    private static final ObjectReader LINE = new ObjectMapper()
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .readerFor(LoggedDecision.class);

    /**
     * What a log holds for a query.
     *
     * @param logged   how many decisions the log holds
     * @param matching those that match, oldest first
     */
    public record Found(int logged, List<LoggedDecision> matching) {
    }

    /** The matching decisions, oldest first; lines that are not decisions are reported, not hidden. */
    public Found read(Path file, List<String> skipped) {
        List<String> lines = lines(file);
        List<LoggedDecision> matching = new ArrayList<>();
        int logged = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            LoggedDecision entry = parse(lines.get(i));
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

    private boolean matches(LoggedDecision entry, Instant at) {
        if (domain != null && !domain.equals(entry.domain())) {
            return false;
        }
        if (since != null && at.isBefore(since)) {
            return false;
        }
        return action == null || entry.disks().stream().anyMatch(disk -> disk.action() == action);
    }

    /** One decision as an operator reads it: when, which guest, the verdict, then each disk and why. */
    public static String describe(LoggedDecision entry) {
        StringBuilder out = new StringBuilder();
        out.append(entry.timestamp()).append("  ").append(entry.domain())
                .append(" (").append(entry.uuid() == null ? "no uuid" : entry.uuid()).append(")  ")
                .append(entry.context()).append(": ")
                .append(entry.verdict() == Verdict.START ? "started" : "start failed")
                .append("  on ").append(entry.host()).append('\n');
        // lines written before the origin was logged have only contextFrom
        out.append("  from ").append(entry.origin() == null ? "an older version (origin not logged)" : entry.origin());
        if (entry.contextFrom() != null) {
            out.append(", context from ").append(entry.contextFrom());
        }
        out.append('\n');
        for (LoggedDecision.Disk disk : entry.disks()) {
            out.append("  ").append(disk.target()).append(": ").append(disk.action());
            if (disk.event() != null) {
                out.append(" (").append(disk.event()).append(')');
            }
            out.append(" - ").append(disk.reason()).append('\n');
            LoggedDecision.Problem problem = disk.problem();
            if (problem != null) {
                out.append("      ").append(problem.kind()).append(": ").append(problem.path());
                if (problem.referencedBy() != null) {
                    out.append(" (referred to by ").append(problem.referencedBy()).append(')');
                }
                out.append('\n');
            }
            out.append("      rules: ").append(String.join(", ", disk.rules())).append('\n');
        }
        out.append("  decision ").append(entry.decisionId()).append(", rules ").append(entry.rulesDigest()).append('\n');
        return out.toString();
    }

    /** The line as a logged decision, or null when it is not one. */
    private static LoggedDecision parse(String line) {
        try {
            return LINE.readValue(line);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant timestamp(LoggedDecision entry) {
        try {
            return entry.timestamp() == null ? null : Instant.parse(entry.timestamp());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
