package org.virtstartuppolicy.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.virtstartuppolicy.ToolError;

/**
 * A managed-save image ({@code /var/lib/libvirt/qemu/save/NAME.save}), as libvirt's QEMU driver
 * writes it: the magic {@code LibvirtQemudSave}, a header of 32-bit fields in the host's byte
 * order (version, the length of the data that follows, …; 92 bytes in all), then the definition
 * the guest is restored with, ended by a NUL. {@code virsh start} restores it.
 */
final class SaveImage {
    private static final byte[] MAGIC = "LibvirtQemudSave".getBytes(StandardCharsets.US_ASCII);
    /** What libvirt writes while a save is still being written: not an image to restore. */
    private static final byte[] PARTIAL = "LibvirtQemudPart".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + 19 * 4;
    /** libvirt writes versions 1 to 3; a larger one read the other way round is the other byte order. */
    private static final int NEWEST = 3;

    private SaveImage() {
    }

    /** The definition saved in the image, as text; one that is not a whole save image is an error naming it. */
    static String definition(Path image, String shown, int maxBytes) {
        try (InputStream in = Files.newInputStream(image)) {
            ByteBuffer header = ByteBuffer.wrap(in.readNBytes(HEADER)).order(ByteOrder.nativeOrder());
            if (header.limit() < HEADER) {
                throw new ToolError(shown + ": not a libvirt save image: it is shorter than the save header");
            }
            byte[] magic = new byte[MAGIC.length];
            header.get(0, magic);
            if (Arrays.equals(magic, PARTIAL)) {
                throw new ToolError(shown + ": a save that was never finished (libvirt marks it partial)");
            }
            if (!Arrays.equals(magic, MAGIC)) {
                throw new ToolError(shown + ": not a libvirt save image (no LibvirtQemudSave at its start)");
            }
            if (Integer.compareUnsigned(header.getInt(MAGIC.length), NEWEST) > 0) {
                header.order(header.order() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            }
            int version = header.getInt(MAGIC.length);
            long length = Integer.toUnsignedLong(header.getInt(MAGIC.length + 4));
            if (version < 1 || version > NEWEST) {
                throw new ToolError(shown + ": a libvirt save image of version " + Integer.toUnsignedString(version)
                        + ", which this tool does not know");
            }
            byte[] data = in.readNBytes((int) Math.min(length, maxBytes));
            int end = 0;
            while (end < data.length && data[end] != 0) {
                end++;
            }
            if (end == data.length && length > maxBytes) {
                throw new ToolError(shown + ": the definition in the save image is over the limit of " + maxBytes
                        + " bytes (limits.domainXmlBytes)");
            }
            return new String(data, 0, end, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolError(shown + ": cannot read the save image: " + e.getMessage());
        }
    }
}
