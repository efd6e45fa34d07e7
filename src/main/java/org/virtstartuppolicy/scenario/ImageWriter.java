package org.virtstartuppolicy.scenario;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes small real image files, headers laid out byte for byte as each format's specification
 * says, for scenarios and tests: what the inspector reads is what qemu-img would write.
 */
public final class ImageWriter {
    private static final int QCOW2_EXT_BACKING_FORMAT = 0xE2792ACA;
    private static final int QCOW2_EXT_DATA_FILE = 0x44415441;

    private ImageWriter() {
    }

    /** A raw image: 4 KiB of zeros. */
    public static byte[] raw() {
        return new byte[4096];
    }

    /**
     * A qcow2 header.
     *
     * @param version       2 (compat 0.10) or 3
     * @param backingName   the backing file name as written, or null
     * @param backingFormat the recorded backing format, or null
     * @param dataFile      an external data file name (version 3), or null
     */
    public static byte[] qcow2(int version, String backingName, String backingFormat, String dataFile) {
        int headerLength = version == 3 ? 104 : 72;
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        if (backingFormat != null) {
            extension(extensions, QCOW2_EXT_BACKING_FORMAT, backingFormat.getBytes(StandardCharsets.UTF_8));
        }
        if (dataFile != null) {
            extension(extensions, QCOW2_EXT_DATA_FILE, dataFile.getBytes(StandardCharsets.UTF_8));
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

    /** A qed header; a raw backing format is recorded, any other is left to be probed, as qed does. */
    public static byte[] qed(String backingName, String backingFormat) {
        byte[] name = backingName == null ? new byte[0] : backingName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(512 + name.length).order(ByteOrder.LITTLE_ENDIAN);
        header.put("QED\0".getBytes(StandardCharsets.ISO_8859_1)).putInt(65536).putInt(4).putInt(1);
        long features = backingName == null ? 0 : 0x1 | ("raw".equals(backingFormat) ? 0x4 : 0);
        header.putLong(16, features);
        header.putLong(48, 1L << 30);
        if (backingName != null) {
            header.putInt(56, 512).putInt(60, name.length);
            header.put(512, name);
        }
        return header.array();
    }

    /** A plain text vmdk descriptor; its parent, if any, is a vmdk. */
    public static byte[] vmdkDescriptor(String parentName) {
        String descriptor = "# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID="
                + (parentName == null ? "ffffffff" : "fffffffe") + "\ncreateType=\"monolithicSparse\"\n"
                + (parentName == null ? "" : "parentFileNameHint=\"" + parentName + "\"\n")
                + "\n# Extent description\nRW 2048 SPARSE \"extent.vmdk\"\n";
        return descriptor.getBytes(StandardCharsets.UTF_8);
    }

    public static Path write(Path path, byte[] bytes) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        return Files.write(path, bytes);
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(8).putInt(type).putInt(data.length).array());
        out.writeBytes(data);
        out.writeBytes(new byte[(8 - data.length % 8) % 8]);
    }
}
