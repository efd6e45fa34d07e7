package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * qed (little-endian): a backing file when feature 0x1 is set; feature 0x4 records that the
 * backing file is raw, otherwise its format is not recorded.
 */
final class QedHeaderParser implements HeaderParser {
    private static final int HEADER_LENGTH = 64;
    private static final long FEATURE_BACKING_FILE = 0x1;
    private static final long FEATURE_BACKING_IS_RAW = 0x4;

    @Override
    public ImageHeader parse(ByteBuffer header) throws CorruptHeaderException {
        ByteBuffer h = header.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (h.limit() < HEADER_LENGTH) {
            throw new CorruptHeaderException("qed header is truncated (" + h.limit() + " bytes)");
        }
        long features = h.getLong(16);
        long imageSize = h.getLong(48);
        if ((features & FEATURE_BACKING_FILE) == 0) {
            return ImageHeader.sized(imageSize);
        }
        // unlike qcow2's, a qed name at offset 0 is no absence: libvirt and QEMU read it there
        long size = Integer.toUnsignedLong(h.getInt(60));
        if (size == 0) {
            return ImageHeader.sized(imageSize); // an empty name: libvirt and QEMU follow no backing file
        }
        String backingName = HeaderText.name(h, Integer.toUnsignedLong(h.getInt(56)), size, "backing file name");
        return new ImageHeader(backingName, (features & FEATURE_BACKING_IS_RAW) != 0 ? "raw" : null, null,
                ImageHeader.size(imageSize));
    }
}
