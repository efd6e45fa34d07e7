package org.virtstartuppolicy.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.facts.StartContext;

/** The notes one hook call leaves the next, on real files. */
class StartNotesTest {
    private static final String UUID = "6f0c9f8e-3b1a-4c55-9d0e-2a7b1c4d5e6f";

    @TempDir
    Path dir;

    @Test
    void aNoteIsTakenOnceFromAFolderOnlyRootMayEnter() throws IOException {
        StartNotes notes = new StartNotes(dir.resolve("state"));
        notes.leave(UUID, StartContext.RESTORE);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("state"))));
        assertEquals(Optional.of(StartContext.RESTORE), notes.take(UUID));
        assertEquals(Optional.empty(), notes.take(UUID));
    }

    @Test
    void aStaleNoteBelongsToAStartThatNeverCameAndIsDropped() throws IOException {
        StartNotes notes = new StartNotes(dir);
        notes.leave(UUID, StartContext.MIGRATE);
        Files.setLastModifiedTime(dir.resolve(UUID), FileTime.from(Instant.now().minus(StartNotes.LIFETIME).minusSeconds(1)));

        assertEquals(Optional.empty(), notes.take(UUID));
        assertEquals(false, Files.exists(dir.resolve(UUID)));
    }

    @Test
    void aUuidThatIsNotOneNeverBecomesAFileName() {
        StartNotes notes = new StartNotes(dir);
        notes.leave("../../etc/passwd", StartContext.RESTORE);
        assertEquals(Optional.empty(), notes.take("../../etc/passwd"));
        assertEquals(0, dir.toFile().list().length);
    }
}
