package org.virtstartuppolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A tmpfs of a few KiB: a real file system that really fills up (mounting needs root, as CI has). */
public final class SmallFileSystem implements AutoCloseable {
    private final Path point;

    private SmallFileSystem(Path point) {
        this.point = point;
    }

    /** Mounts one at {@code folder} (made here); skips the test where mounting is not allowed. */
    public static SmallFileSystem mount(Path folder, String size) throws IOException, InterruptedException {
        Path point = Files.createDirectories(folder);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", point.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0,
                "cannot mount a small tmpfs here (needs root)");
        return new SmallFileSystem(point);
    }

    public Path path() {
        return point;
    }

    /** Fills it to the last byte with one file, {@code filler}. */
    public SmallFileSystem fill() throws IOException {
        try (var out = Files.newOutputStream(point.resolve("filler"))) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        return this;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("umount", point.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }
}
