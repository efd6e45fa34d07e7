package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;

/**
 * The decision log: one JSON line per evaluated domain, appended under an exclusive file lock
 * and written whole, so that libvirt starting many guests at once never interleaves or loses a
 * line. It is opened before anything is decided: a log that cannot be written stops the tool.
 */
public final class DecisionLog implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final String host;

    private DecisionLog(Path file, FileChannel channel, String host) {
        this.file = file;
        this.channel = channel;
        this.host = host;
    }

    public static DecisionLog open(Path file) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new DecisionLog(file, channel, hostName());
        } catch (IOException | UnsupportedOperationException e) {
            throw new ToolError(file + ": cannot write the decision log: " + reason(e));
        }
    }

    /**
     * Appends one decision, tied to the rules in force by their digest.
     *
     * @param origin      who asked: {@code evaluate}, {@code hook OPERATION begin} (libvirt's call), or the
     *                    service ({@code service: POST /v1/decisions}, {@code service: hook OPERATION begin}),
     *                    so a real start is told from a manual evaluation
     * @param contextFrom how the start context was told: an option, the config, or the libvirt
     *                    hook call
     *
     * <p>Synchronized: the file lock keeps processes apart, but within one JVM (the service's
     * concurrent decisions) a second lock on the same file would throw instead of waiting.
     */
    public synchronized void append(Decision decision, String rulesDigest, String origin, String contextFrom) {
        ByteBuffer line = ByteBuffer.wrap(line(decision, rulesDigest, origin, contextFrom).getBytes(StandardCharsets.UTF_8));
        try (FileLock lock = channel.lock()) {
            long end = channel.size();
            try {
                while (line.hasRemaining()) {
                    channel.write(line);
                }
            } catch (IOException e) {
                // a full disk must not leave half a line for the next decision to be glued to
                channel.truncate(end);
                throw e;
            }
        } catch (IOException e) {
            throw new ToolError(file + ": cannot write the decision log: " + reason(e));
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new ToolError(file + ": cannot close the decision log: " + reason(e));
        }
    }

    private String line(Decision decision, String rulesDigest, String origin, String contextFrom) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Report.jsonGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("decisionId", UUID.randomUUID().toString());
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeStringField("domain", decision.domain().name());
            g.writeStringField("uuid", decision.domain().uuid());
            g.writeStringField("origin", origin);
            g.writeStringField("context", decision.context().getLabel());
            g.writeStringField("contextFrom", contextFrom);
            g.writeStringField("verdict", decision.verdict().label());
            g.writeStringField("rulesDigest", rulesDigest);
            g.writeStringField("host", host);
            g.writeArrayFieldStart("disks");
            for (DiskDecision d : decision.disks()) {
                DiskDocument.write(g, d, false);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a decision log line", e);
        }
        return out.append('\n').toString();
    }

    /** The kernel's host name: no DNS look-up, which could hang a start. */
    private static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null ? "unknown" : fromEnvironment;
        }
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
