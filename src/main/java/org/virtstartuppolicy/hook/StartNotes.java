package org.virtstartuppolicy.hook;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.facts.StartContext;

/**
 * Short-lived notes from one hook call to the next: libvirt calls {@code restore begin} (or
 * {@code migrate begin}) and then {@code prepare begin} for the same start, with nothing in the
 * second call that says which start it is. The first leaves a note per guest (by UUID); the
 * second takes it. A note older than {@link #LIFETIME} belongs to a start that never came.
 */
public final class StartNotes {
    static final Duration LIFETIME = Duration.ofMinutes(2);
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F-]{32,36}");

    private final Path folder;

    /** @param folder where the notes are kept: root only, on a file system cleared at boot (/run) */
    public StartNotes(Path folder) {
        this.folder = folder;
    }

    /** Notes that {@code context} is starting the guest {@code uuid}. */
    public void leave(String uuid, StartContext context) {
        if (!isUuid(uuid)) {
            return;
        }
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path temporary = Files.createTempFile(folder, ".note", ".tmp");
            Files.writeString(temporary, context.getLabel() + "\n");
            try {
                Files.move(temporary, folder.resolve(uuid), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, folder.resolve(uuid), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ToolError(folder + ": cannot leave the start note for the next hook call: " + e.getMessage());
        }
    }

    /** The start context a recent note gives the guest {@code uuid}, removing the note; empty when none. */
    public Optional<StartContext> take(String uuid) {
        if (!isUuid(uuid)) {
            return Optional.empty();
        }
        Path note = folder.resolve(uuid);
        try {
            Instant written = Files.getLastModifiedTime(note).toInstant();
            String label = Files.readString(note).strip();
            Files.delete(note);
            if (written.isBefore(Instant.now().minus(LIFETIME))) {
                return Optional.empty();
            }
            return Optional.of(StartContext.ofLabel(label));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new ToolError(note + ": cannot read the start note left by the previous hook call: " + e.getMessage());
        }
    }

    /** A guest's UUID names its note: anything else (a hostile XML's path) is never used as a file name. */
    private static boolean isUuid(String uuid) {
        return uuid != null && UUID.matcher(uuid).matches();
    }
}
