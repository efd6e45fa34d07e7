package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Opens a FIFO for writing after a while, so that a libvirtd blocked reading it goes on: the
 * suite's bound on a start that blocks. Opened read-write, which never blocks itself, then closed
 * at once: the reader sees the end of it.
 */
final class FifoWriter implements AutoCloseable {
    private final Thread writer;

    private FifoWriter(Thread writer) {
        this.writer = writer;
    }

    static FifoWriter after(Path fifo, Duration wait) {
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                // closed early: write now, so that nothing stays blocked
            }
            try (RandomAccessFile open = new RandomAccessFile(fifo.toFile(), "rw")) {
                // opened and closed
            } catch (IOException e) {
                // the FIFO is gone: nothing waits on it
            }
        }, "fifo writer");
        writer.setDaemon(true);
        writer.start();
        return new FifoWriter(writer);
    }

    /** Whether it has written already. */
    boolean wrote() {
        return !writer.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        writer.interrupt();
        writer.join(10_000);
    }
}
