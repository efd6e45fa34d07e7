package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.UsbDecision;
import org.virtstartuppolicy.decision.SitePolicyDefinition;

/**
 * The decision log: one JSON line per evaluated domain, appended under an exclusive file lock
 * and written whole, so that libvirt starting many guests at once never interleaves or loses a
 * line. It is opened before anything is decided: a log that cannot be written stops the tool
 * (the hook decides all the same, and says so).
 *
 * <p>A long-lived writer (the service) always appends to the file the path names: before each
 * line it compares the file it holds open with the one at the path, and reopens the path when
 * they differ, so that after {@code logrotate} moves or removes the log the next decision goes
 * into a new file at the configured path, not into the rotated one.
 */
public final class DecisionLog implements AutoCloseable {
    private final Path file;
    private final String host;
    /** Why the decisions are not made with the config and rules in force (the hook's fail-safe), or null. */
    private final String fallback;
    private FileChannel channel;
    /** The identity (device and inode) of the file {@link #channel} has open. */
    private Object opened;

    private DecisionLog(Path file, String host, String fallback) {
        this.file = file;
        this.host = host;
        this.fallback = fallback;
    }

    /**
     * The log, its folder made {@code 0700} when only the folder is missing (a config's first
     * {@code decisionLog} must not refuse every start for want of a folder).
     */
    public static DecisionLog open(Path file) {
        return open(file, null);
    }

    /** @param fallback why the decisions logged are not made with the config and rules in force, or null */
    public static DecisionLog open(Path file, String fallback) {
        DecisionLog log = new DecisionLog(file, hostName(), fallback);
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null && !Files.exists(folder) && folder.getParent() != null && Files.isDirectory(folder.getParent())) {
                try {
                    Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException raced) {
                    // another start made it meanwhile
                }
            }
            log.reopen();
        } catch (IOException | UnsupportedOperationException e) {
            throw new ToolError(file + ": cannot write the decision log: " + reason(e));
        }
        return log;
    }

    /**
     * Opens the path for appending and notes which file that is: the path's identity before and
     * after the open agree, or the file was moved meanwhile and the open is tried again.
     */
    private void reopen() throws IOException {
        for (int attempt = 0; ; attempt++) {
            Object before = identity();
            FileChannel opening = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            Object after = identity();
            if (after != null && (after.equals(before) || before == null) || attempt == 3) {
                if (channel != null) {
                    channel.close();
                }
                channel = opening;
                opened = after;
                return;
            }
            opening.close();
        }
    }

    /** The file the path names now (its device and inode), or null when there is none. */
    private Object identity() throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Appends a start the hook let go on without deciding it (its off switch, or {@code onError:
     * allow}): a decision line with no verdict and no disk, saying why.
     */
    public void appendUnchecked(String domain, String uuid, String origin, String because) {
        write(document(g -> {
            g.writeStringField("decisionId", UUID.randomUUID().toString());
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeStringField("domain", domain);
            g.writeStringField("uuid", uuid);
            g.writeStringField("origin", origin);
            g.writeStringField("answer", "allowed");
            g.writeStringField("because", because);
            g.writeStringField("host", host);
            g.writeArrayFieldStart("disks");
            g.writeEndArray();
        }));
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
    public String append(Decision decision, String rulesDigest, String origin, String contextFrom,
                         boolean allowed, String because) {
        String id = UUID.randomUUID().toString();
        write(line(id, decision, rulesDigest, origin, contextFrom, allowed, because));
        return id;
    }

    /**
     * Appends what a start did after a decision the hook allowed: an outcome line
     * ({@code "kind": "outcome"}) completing {@code decisionId}.
     */
    public void appendOutcome(StartOutcome outcome) {
        write(document(g -> {
            g.writeStringField("kind", "outcome");
            g.writeStringField("decisionId", outcome.decisionId());
            g.writeStringField("timestamp", outcome.at().toString());
            g.writeStringField("domain", outcome.domain());
            g.writeStringField("uuid", outcome.uuid());
            g.writeStringField("outcome", outcome.started() ? "started" : "failed");
            g.writeStringField("host", host);
            g.writeArrayFieldStart("dropped");
            for (StartOutcome.Dropped dropped : outcome.dropped()) {
                g.writeStartObject();
                g.writeStringField("target", dropped.target());
                g.writeStringField("action", dropped.action().label());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeBooleanField("differs", outcome.differs());
        }));
    }

    /** Appends the policies {@code apply} wrote into a guest's definition ({@code "kind": "apply"}). */
    public void appendApplied(String domain, String uuid, List<SitePolicyDefinition.Change> changes) {
        write(document(g -> {
            g.writeStringField("kind", "apply");
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeStringField("domain", domain);
            g.writeStringField("uuid", uuid);
            g.writeStringField("origin", "apply");
            g.writeStringField("host", host);
            g.writeArrayFieldStart("changes");
            for (SitePolicyDefinition.Change change : changes) {
                g.writeStartObject();
                g.writeStringField("target", change.target());
                g.writeStringField("from", change.from());
                g.writeStringField("to", change.to().label());
                g.writeStringField("rule", change.rule().rule());
                g.writeStringField("file", change.rule().file());
                g.writeEndObject();
            }
            g.writeEndArray();
        }));
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static String document(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Report.jsonGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a decision log line", e);
        }
        return out.append('\n').toString();
    }

    /** One whole line, under the file lock; a full disk leaves no half line. */
    private synchronized void write(String text) {
        ByteBuffer line = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        try {
            Object now = identity();
            if (now == null || !now.equals(opened)) {
                reopen(); // moved or removed (logrotate): the path gets a new file
            }
        } catch (IOException e) {
            throw new ToolError(file + ": cannot write the decision log: " + reason(e));
        }
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

    /**
     * Why a line could not be appended now, or null when it can: the file at the path, or before
     * it is made again (after a rotation) its folder, must be writable.
     */
    public String unwritable() {
        Path folder = file.toAbsolutePath().getParent();
        String cannot = file + ": cannot write the decision log: ";
        if (!Files.isDirectory(folder)) {
            return cannot + "no such folder";
        }
        if (Files.exists(file)) {
            return Files.isWritable(file) ? null : cannot + "the file is not writable";
        }
        return Files.isWritable(folder) ? null : cannot + "its folder is not writable";
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new ToolError(file + ": cannot close the decision log: " + reason(e));
        }
    }

    private String line(String id, Decision decision, String rulesDigest, String origin, String contextFrom,
                        boolean allowed, String because) {
        return document(g -> {
            g.writeStringField("decisionId", id);
            g.writeStringField("timestamp", Instant.now().toString());
            g.writeStringField("domain", decision.domain().name());
            g.writeStringField("uuid", decision.domain().uuid());
            g.writeStringField("origin", origin);
            g.writeStringField("context", decision.context().getLabel());
            g.writeStringField("contextFrom", contextFrom);
            g.writeStringField("verdict", decision.verdict().label());
            g.writeStringField("answer", allowed ? "allowed" : "refused");
            if (because != null) {
                g.writeStringField("because", because);
            }
            if (fallback != null) {
                g.writeStringField("fallback", fallback);
            }
            g.writeStringField("rulesDigest", rulesDigest);
            g.writeStringField("host", host);
            g.writeArrayFieldStart("disks");
            for (DiskDecision d : decision.disks()) {
                DiskDocument.write(g, d, false);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("usbDevices");
            for (UsbDecision d : decision.usbDevices()) {
                UsbDocument.write(g, d, false);
            }
            g.writeEndArray();
            DecisionDocument.warnings(g, decision);
        });
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
