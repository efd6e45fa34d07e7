package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * All the chain walker asks of a host, so that the walk itself is a pure function of what the
 * host answers: {@link LocalHost} for real files, an in-memory host in tests.
 */
public interface ImageHost {
    /** What QEMU's account finds at {@code path}, as libvirt checks it before a start. */
    Reach reach(String path);

    /**
     * The first bytes of the file, at most {@link ImageFormat#HEADER_BYTES} however long it is,
     * read with this tool's own privileges, as libvirt reads headers with its own.
     *
     * @throws java.nio.file.AccessDeniedException when this tool's account may not read it
     */
    ByteBuffer header(String path) throws IOException;

    /**
     * The names in a folder, for finding where a missing file went; a folder that cannot be
     * listed is an {@link IOException}.
     */
    List<String> list(String folder) throws IOException;

    /** The account QEMU runs as, for messages. */
    QemuUser qemu();

    /** The account this tool reads headers as, for the message of one it cannot read. */
    String reader();
}
