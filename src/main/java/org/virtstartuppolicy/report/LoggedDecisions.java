package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.facts.Action;

/**
 * Reads a decision log back for an operator: the decisions that match a query, oldest first,
 * each as a few readable lines.
 *
 * @param domain only this domain, or null for all
 * @param since  only decisions at or after this instant, or null
 * @param action only decisions where some disk got this action, or null
 * @param origin only decisions whose origin starts so ({@code hook}, {@code evaluate}, {@code service}), or null;
 *               {@code apply} for only what apply wrote
 * @param decision only the decision of this id ({@code explain --decision}), or null
 */
public record LoggedDecisions(String domain, Instant since, Action action, String origin, String decision) {
    /** The labels the log writes ({@code start}, {@code remove}) are the vocabulary's {@code toString()}. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING);

    public LoggedDecisions(String domain, Instant since, Action action) {
        this(domain, since, action, null, null);
    }

    /**
     * What a log holds for a query.
     *
     * @param logged   how many decisions the log holds
     * @param matching those that match, oldest first
     * @param outcomes what each allowed start then did, by decision id
     * @param applied  the policies {@code apply} wrote that match (whatever the action asked about), oldest first
     * @param lines    each decision, apply and outcome as the log wrote it, by identity
     */
    public record Found(int logged, List<LoggedDecision> matching, Map<String, LoggedOutcome> outcomes,
                        List<LoggedApply> applied, Map<Object, JsonNode> lines) {
        /** The decisions and what apply wrote, in the order they happened. */
        public List<Logged> inOrder() {
            List<Logged> all = new ArrayList<>(matching);
            all.addAll(applied);
            all.sort(Comparator.comparing(Logged::timestamp));
            return all;
        }

        /** Only the newest {@code count} of the decisions and applies ({@code explain --last N}). */
        public Found last(int count) {
            List<Logged> all = inOrder();
            Set<Logged> kept = Collections.newSetFromMap(new IdentityHashMap<>());
            kept.addAll(all.subList(Math.max(0, all.size() - count), all.size()));
            return new Found(logged, matching.stream().filter(kept::contains).toList(), outcomes,
                    applied.stream().filter(kept::contains).toList(), lines);
        }

        /**
         * Each entry as the log wrote it, in the order they happened; a decision's outcome, when
         * one is logged, as its {@code then}.
         */
        public List<JsonNode> documents() {
            List<JsonNode> documents = new ArrayList<>();
            for (Logged entry : inOrder()) {
                ObjectNode document = lines.get(entry).deepCopy();
                LoggedOutcome outcome = entry instanceof LoggedDecision d ? outcomes.get(d.decisionId()) : null;
                if (outcome != null) {
                    document.set("then", lines.get(outcome));
                }
                documents.add(document);
            }
            return documents;
        }
    }

    /** The matching decisions, oldest first; lines that are not decisions are reported, not hidden. */
    public Found read(Path file, List<String> skipped) {
        return read(List.of(file), skipped);
    }

    /**
     * The matching decisions of several files (a log and its rotated predecessors, oldest file
     * first), as if they were one log.
     */
    public Found read(List<Path> files, List<String> skipped) {
        List<LoggedDecision> matching = new ArrayList<>();
        Map<String, LoggedOutcome> outcomes = new HashMap<>();
        List<LoggedApply> applied = new ArrayList<>();
        Map<Object, JsonNode> read = new IdentityHashMap<>();
        int logged = 0;
        int notDecisions = 0;
        for (Path file : files) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode node = parse(lines.get(i));
                String kind = node == null ? null : node.path("kind").asText(null);
                LoggedOutcome outcome = "outcome".equals(kind) ? read(node, LoggedOutcome.class) : null;
                if (outcome != null && outcome.decisionId() != null) {
                    outcomes.put(outcome.decisionId(), outcome);
                    read.put(outcome, node);
                    continue;
                }
                LoggedApply apply = "apply".equals(kind) ? read(node, LoggedApply.class) : null;
                if (apply != null) {
                    if (matches(apply)) {
                        applied.add(apply);
                        read.put(apply, node);
                    }
                    continue;
                }
                LoggedDecision entry = kind == null ? read(node, LoggedDecision.class) : null;
                Instant at = entry == null ? null : timestamp(entry);
                if (at == null) {
                    skipped.add(file + ":" + (i + 1) + ": not a logged decision, skipped");
                    notDecisions++;
                    continue;
                }
                logged++;
                if (matches(entry, at)) {
                    matching.add(entry);
                    read.put(entry, node);
                }
            }
        }
        if (logged == 0 && notDecisions > 0) {
            throw new ToolError(String.join(", ", files.stream().map(Path::toString).toList())
                    + ": not a decision log: none of its " + notDecisions + " lines is a logged decision");
        }
        matching.sort(Comparator.comparing(LoggedDecisions::timestamp));
        applied.sort(Comparator.comparing(LoggedApply::timestamp));
        return new Found(logged, matching, outcomes, applied, Collections.unmodifiableMap(read));
    }

    /**
     * The log's lines, a rotated file compressed by {@code logrotate} ({@code .gz}) read through
     * gzip; a file that is not text at all (a binary, a wrong file) is refused naming its first
     * bad line.
     */
    private static List<String> lines(Path file) {
        byte[] bytes;
        try {
            bytes = file.getFileName().toString().endsWith(".gz") ? gunzipped(file) : Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ToolError(file + ": no such decision log");
        } catch (AccessDeniedException e) {
            throw new ToolError(file + ": cannot read the decision log: permission denied");
        } catch (ZipException | EOFException e) {
            throw new ToolError(file + ": cannot read the decision log: not whole gzip data");
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

    private static byte[] gunzipped(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
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

    private boolean matches(LoggedApply apply) {
        return decision == null && (domain == null || domain.equals(apply.domain())) && (origin == null || origin.equals("apply"))
                && (since == null || !Instant.parse(apply.timestamp()).isBefore(since));
    }

    private boolean matches(LoggedDecision entry, Instant at) {
        if (domain != null && !domain.equals(entry.domain())) {
            return false;
        }
        if (decision != null && !decision.equals(entry.decisionId())) {
            return false;
        }
        if (since != null && at.isBefore(since)) {
            return false;
        }
        if (origin != null && (entry.origin() == null || !entry.origin().startsWith(origin))) {
            return false;
        }
        return action == null || entry.disks().stream().anyMatch(disk -> disk.action() == action);
    }

    /**
     * One decision as an operator reads it: when, which guest, the hook's answer, then each disk
     * and why, and what the start then did.
     *
     * @param outcome the outcome that completed it, or null
     */
    public static String describe(LoggedDecision entry, LoggedOutcome outcome) {
        StringBuilder out = new StringBuilder();
        out.append(entry.timestamp()).append("  ").append(entry.domain())
                .append(" (").append(entry.uuid() == null ? "no uuid" : entry.uuid()).append(")  ")
                .append(entry.context() == null ? "not checked" : entry.context()).append(": ")
                .append(entry.allowed() ? "allowed" : "refused")
                .append("  on ").append(entry.host()).append('\n');
        // lines written before the origin was logged have only contextFrom
        out.append("  from ").append(entry.origin() == null ? "an older version (origin not logged)" : entry.origin());
        if (entry.contextFrom() != null) {
            out.append(", context from ").append(entry.contextFrom());
        }
        out.append('\n');
        if (entry.because() != null) {
            out.append("  ").append(entry.because()).append('\n');
        }
        if (entry.fallback() != null) {
            out.append("  ").append(entry.fallback()).append('\n');
        }
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
        for (LoggedDecision.Usb usb : entry.usbDevices()) {
            out.append("  ").append(usb.device()).append(": ").append(usb.outcome()).append(" - ").append(usb.reason()).append('\n');
            if (usb.decidedBy() != null) {
                out.append("      rule: ").append(usb.decidedBy().rule()).append('\n');
            }
        }
        for (LoggedDecision.Warning warning : entry.warnings()) {
            out.append("  warning: ").append(warning.target() == null ? "domain" : warning.target()).append(": ")
                    .append(warning.message()).append('\n');
        }
        String then = then(entry, outcome);
        if (then != null) {
            out.append("  then: ").append(then).append('\n');
        }
        out.append("  decision ").append(entry.decisionId()).append(", rules ").append(entry.rulesDigest()).append('\n');
        return out.toString();
    }

    /**
     * What the start then did, as its outcome line tells: {@code started (TIME), vdb removed}; that
     * none is logged (yet) for a cold boot the hook allowed; or null when none is to be expected.
     */
    static String then(LoggedDecision entry, LoggedOutcome outcome) {
        if (outcome != null) {
            StringBuilder out = new StringBuilder(outcome.outcome() + " (" + outcome.timestamp() + ")");
            for (LoggedOutcome.Dropped dropped : outcome.dropped()) {
                out.append(", ").append(dropped.target()).append(' ').append(dropped.action() == Action.EJECT ? "ejected"
                        : "removed");
            }
            return out.append(outcome.differs() ? "; NOT what was decided" : "").toString();
        }
        return entry.allowed() && entry.origin() != null && entry.origin().contains("hook prepare")
                ? "no outcome logged (yet)" : null;
    }

    /** A guest's definition changed by {@code apply}. */
    public static String describe(LoggedApply apply) {
        StringBuilder out = new StringBuilder(apply.timestamp() + "  " + apply.domain() + " ("
                + (apply.uuid() == null ? "no uuid" : apply.uuid()) + ")  apply: the site's policy written into the"
                + " definition  on " + apply.host() + "\n");
        for (LoggedApply.Change change : apply.changes()) {
            out.append("  ").append(change.target()).append(": startupPolicy ")
                    .append(change.from() == null ? "absent" : "'" + change.from() + "'").append(" -> '").append(change.to())
                    .append("' (rule '").append(change.rule()).append("' in ").append(change.file()).append(")\n");
        }
        return out.toString();
    }

    /** The line as JSON, or null when it is not an object. */
    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The object as one of the log's records, or null when it does not fit. */
    private static <T> T read(JsonNode node, Class<T> type) {
        if (node == null) {
            return null;
        }
        try {
            return JSON.treeToValue(node, type);
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
