package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * qcow2 versions 2 and 3 (big-endian): the backing file name, and the header extensions that
 * record the backing format and an external data file.
 */
final class Qcow2HeaderParser implements HeaderParser {
    private static final int MAGIC = 0x514649fb;
    private static final int V2_HEADER_LENGTH = 72;
    private static final int EXT_END = 0;
    private static final int EXT_BACKING_FORMAT = 0xE2792ACA;
    private static final int EXT_DATA_FILE = 0x44415441;
    private static final long FEATURE_DATA_FILE = 1L << 2;

    @Override
    public ImageHeader parse(ByteBuffer header) throws CorruptHeaderException {
        ByteBuffer h = header.duplicate().order(ByteOrder.BIG_ENDIAN);
        if (h.limit() < V2_HEADER_LENGTH) {
            throw new CorruptHeaderException("qcow2 header is truncated (" + h.limit() + " bytes)");
        }
        if (h.getInt(0) != MAGIC) {
            throw new CorruptHeaderException("not a qcow2 image (bad magic)");
        }
        int version = h.getInt(4);
        if (version != 2 && version != 3) {
            throw new CorruptHeaderException("unsupported qcow2 version " + Integer.toUnsignedString(version));
        }
        long backingOffset = h.getLong(8);
        long backingSize = Integer.toUnsignedLong(h.getInt(16));
        long headerLength = V2_HEADER_LENGTH;
        boolean usesDataFile = false;
        if (version == 3) {
            if (h.limit() < 104) {
                throw new CorruptHeaderException("qcow2 v3 header is truncated (" + h.limit() + " bytes)");
            }
            usesDataFile = (h.getLong(72) & FEATURE_DATA_FILE) != 0;
            headerLength = Integer.toUnsignedLong(h.getInt(100));
            if (headerLength < 104) {
                throw new CorruptHeaderException("qcow2 v3 header length " + headerLength + " is too small");
            }
        }
        String backingName = HeaderText.backingName(h, backingOffset, backingSize);
        // the extensions end where the backing name's offset says, even a name of 0 bytes, as libvirt
        // and QEMU read them; an offset past the header read (unsigned) leaves them the whole header
        long extensionsEnd = backingOffset == 0 || Long.compareUnsigned(backingOffset, h.limit()) > 0 ? h.limit()
                : backingOffset;
        Extensions extensions = readExtensions(h, headerLength, extensionsEnd);
        return new ImageHeader(backingName, extensions.backingFormat,
                usesDataFile ? extensions.dataFile : null, ImageHeader.size(h.getLong(24)));
    }

    private record Extensions(String backingFormat, String dataFile) {
    }

    /**
     * Walks the header extensions from {@code start} to {@code end} (at most the header's limit).
     * They end with the end extension, or exactly at {@code end}; an extension header cut short
     * by {@code end} is corrupt, not ignored: QEMU would read it (from the backing name, or from
     * past the bytes read, which it reads as zeros) and libvirt could not. Positions stay below
     * {@code end}, and a length is compared with what is left before it, so no sum overflows and
     * every cast to int is of a position inside the header.
     */
    private static Extensions readExtensions(ByteBuffer h, long start, long end) throws CorruptHeaderException {
        String backingFormat = null;
        String dataFile = null;
        long position = start;
        while (position < end) {
            if (position > end - 8) {
                throw new CorruptHeaderException("header extension at offset " + position
                        + (end < h.limit() ? " runs into the backing file name at offset " + end : HeaderText.BEYOND));
            }
            int type = h.getInt((int) position);
            long length = Integer.toUnsignedLong(h.getInt((int) position + 4));
            if (type == EXT_END) {
                break;
            }
            long data = position + 8;
            if (length > end - data) {
                throw new CorruptHeaderException("header extension 0x" + Integer.toHexString(type)
                        + " of " + length + " bytes overflows the header");
            }
            if (type == EXT_BACKING_FORMAT) {
                backingFormat = HeaderText.decode(h, data, length, "backing format");
            } else if (type == EXT_DATA_FILE) {
                dataFile = HeaderText.decode(h, data, length, "data file name");
            }
            position = data + ((length + 7) & ~7L); // data is padded to 8 bytes
        }
        return new Extensions(backingFormat, dataFile);
    }
}
