package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestImages;

/**
 * Files that change on the real disk while a chain is walked: between the look at a file and the
 * read of its header, it disappears or becomes a folder; and a file whose read fails with a real
 * I/O error. Each is a classified problem naming the file, never an exception.
 */
class ChainChangingUnderTheWalkTest {
    @TempDir
    Path dir;

    /** The real host, with a change made on disk just before a given file's header is read. */
    private static final class ChangingHost implements ImageHost {
        private final LocalHost real = new LocalHost(QemuUser.current(), null);
        private final Map<String, IoAction> before = new HashMap<>();

        interface IoAction {
            void run() throws IOException;
        }

        ChangingHost beforeReading(Path file, IoAction change) {
            before.put(file.toString(), change);
            return this;
        }

        @Override
        public Reach reach(String path) {
            return real.reach(path);
        }

        @Override
        public ByteBuffer header(String path) throws IOException {
            IoAction change = before.remove(path);
            if (change != null) {
                change.run();
            }
            return real.header(path);
        }

        @Override
        public QemuUser qemu() {
            return real.qemu();
        }

        @Override
        public String reader() {
            return real.reader();
        }

        @Override
        public List<String> list(String folder) throws IOException {
            return real.list(folder);
        }
    }

    private static BackingChain walk(ImageHost host, Path top, String format) {
        return new DiskInspector(host, ChainWalker.DEFAULT_MAX_DEPTH, StoragePools.NONE, true).inspect(top.toString(),
                format);
    }

    private Path chain() throws IOException {
        Path base = TestImages.qcow2(dir.resolve("base.qcow2"), null, null);
        return TestImages.qcow2(dir.resolve("top.qcow2"), "base.qcow2", "qcow2");
    }

    @Test
    void aBackingFileThatDisappearsBeforeItsHeaderIsReadIsMissing() throws IOException {
        Path top = chain();
        Path base = dir.resolve("base.qcow2");
        BackingChain chain = walk(new ChangingHost().beforeReading(base, () -> Files.delete(base)), top, "qcow2");
        assertEquals(ProblemKind.MISSING, chain.problem().kind());
        assertEquals(base.toString(), chain.problem().path());
        assertEquals("Cannot access backing file '" + base + "' of storage file '" + top + "' (as "
                + QemuUser.current().label() + "): No such file or directory", chain.problem().message());
    }

    @Test
    void aBackingFileReplacedByAFolderBeforeItsHeaderIsReadIsNotAnImage() throws IOException {
        Path top = chain();
        Path base = dir.resolve("base.qcow2");
        BackingChain chain = walk(new ChangingHost().beforeReading(base, () -> {
            Files.delete(base);
            Files.createDirectory(base);
        }), top, "qcow2");
        assertEquals(ProblemKind.NOT_AN_IMAGE, chain.problem().kind());
        assertEquals("'" + base + "' is a directory, not a disk image", chain.problem().message());
    }

    @Test
    void aTopImageThatDisappearsWhileItsFormatIsProbedIsMissing() throws IOException {
        Path top = chain();
        BackingChain chain = walk(new ChangingHost().beforeReading(top, () -> Files.delete(top)), top, null);
        assertEquals(top.toString(), chain.problem().path());
        assertEquals(true, chain.problem().kind().isMissing(), chain.problem().toString());
    }

    @Test
    void aRealInputOutputErrorWhileReadingAHeaderIsThatImagesProblem() {
        // /proc/self/mem is there, but reading it at offset 0 (never mapped) fails with EIO
        Path mem = Path.of("/proc/self/mem");
        LocalHost asRoot = new LocalHost(QemuUser.of(0, 0), null);
        for (String format : new String[] {"qcow2", null}) {
            BackingChain chain = walk(asRoot, mem, format);
            assertEquals(ProblemKind.CORRUPT, chain.problem().kind(), String.valueOf(format));
            assertEquals("cannot read the " + (format == null ? "" : format + " ") + "header of '/proc/self/mem':"
                    + " Input/output error", chain.problem().message());
        }
    }
}
