package org.virtstartuppolicy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes real image files for tests: qcow2 headers laid out byte for byte as the qcow2
 * specification says (what the inspector reads), and raw files.
 */
public final class TestImages {
    private static final int EXT_BACKING_FORMAT = 0xE2792ACA;
    private static final int EXT_DATA_FILE = 0x44415441;

    private TestImages() {
    }

    public static Path raw(Path path) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        return Files.write(path, new byte[4096]);
    }

    /** A qcow2 v3 image; {@code backingName} and {@code backingFormat} may be null. */
    public static Path qcow2(Path path, String backingName, String backingFormat) throws IOException {
        return write(path, qcow2Header(3, backingName, backingFormat, null));
    }

    /** A qcow2 v2 (compat=0.10) image. */
    public static Path qcow2v2(Path path, String backingName, String backingFormat) throws IOException {
        return write(path, qcow2Header(2, backingName, backingFormat, null));
    }

    /** A qcow2 v3 image whose guest data lives in an external data file. */
    public static Path qcow2WithDataFile(Path path, String dataFile) throws IOException {
        return write(path, qcow2Header(3, null, null, dataFile));
    }

    public static Path write(Path path, byte[] bytes) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        return Files.write(path, bytes);
    }

    public static byte[] qcow2Header(int version, String backingName, String backingFormat, String dataFile) {
        int headerLength = version == 3 ? 104 : 72;
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        if (backingFormat != null) {
            extension(extensions, EXT_BACKING_FORMAT, backingFormat.getBytes(StandardCharsets.UTF_8));
        }
        if (dataFile != null) {
            extension(extensions, EXT_DATA_FILE, dataFile.getBytes(StandardCharsets.UTF_8));
        }
        extension(extensions, 0, new byte[0]);
        byte[] name = backingName == null ? new byte[0] : backingName.getBytes(StandardCharsets.UTF_8);
        int backingOffset = headerLength + extensions.size();
        ByteBuffer header = ByteBuffer.allocate(backingOffset + name.length + 512);
        header.put(new byte[] {'Q', 'F', 'I', (byte) 0xfb});
        header.putInt(version);
        header.putLong(backingName == null ? 0 : backingOffset);
        header.putInt(name.length);
        header.putInt(16); // cluster_bits: 64 KiB
        header.putLong(1L << 30); // virtual size
        header.position(72);
        if (version == 3) {
            header.putLong(dataFile == null ? 0 : 1L << 2); // incompatible features: external data file
            header.putLong(0);
            header.putLong(0);
            header.putInt(4); // refcount_order
            header.putInt(headerLength);
        }
        header.put(extensions.toByteArray());
        header.put(name);
        return header.array();
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        ByteBuffer head = ByteBuffer.allocate(8).putInt(type).putInt(data.length);
        out.writeBytes(head.array());
        out.writeBytes(data);
        out.writeBytes(new byte[(8 - data.length % 8) % 8]);
    }
}
