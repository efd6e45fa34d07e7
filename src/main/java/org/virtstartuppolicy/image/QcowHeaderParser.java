package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** qcow version 1 (big-endian): a backing file name, and never a recorded backing format. */
final class QcowHeaderParser implements HeaderParser {
    private static final int HEADER_LENGTH = 48;

    @Override
    public ImageHeader parse(ByteBuffer header) throws CorruptHeaderException {
        ByteBuffer h = header.duplicate().order(ByteOrder.BIG_ENDIAN);
        if (h.limit() < HEADER_LENGTH) {
            throw new CorruptHeaderException("qcow header is truncated (" + h.limit() + " bytes)");
        }
        String backingName = HeaderText.backingName(h, h.getLong(8), Integer.toUnsignedLong(h.getInt(16)));
        return new ImageHeader(backingName, null, null, ImageHeader.size(h.getLong(24)));
    }
}
