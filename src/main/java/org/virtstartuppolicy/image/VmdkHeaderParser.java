package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vmdk: the text descriptor, embedded in a sparse {@code KDMV} image or a file of its own, names
 * the parent in {@code parentFileNameHint}; a vmdk's parent is always vmdk.
 */
final class VmdkHeaderParser implements HeaderParser {
    private static final int SECTOR = 512;
    private static final int SPARSE_HEADER_LENGTH = 77;
    private static final Pattern PARENT = Pattern.compile("^\\s*parentFileNameHint\\s*=\\s*\"([^\"]*)\"",
            Pattern.MULTILINE);

    @Override
    public ImageHeader parse(ByteBuffer header) throws CorruptHeaderException {
        ByteBuffer h = header.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        String descriptor = isSparse(h) ? embeddedDescriptor(h) : text(h, 0, h.limit());
        Matcher parent = PARENT.matcher(descriptor);
        if (!parent.find() || parent.group(1).isEmpty()) {
            return ImageHeader.NONE;
        }
        if (parent.group(1).length() > HeaderText.MAX_BACKING_NAME) {
            throw new CorruptHeaderException("parentFileNameHint is longer than 1023 bytes");
        }
        return new ImageHeader(parent.group(1), "vmdk", null);
    }

    private static boolean isSparse(ByteBuffer h) {
        return h.limit() >= 4 && h.get(0) == 'K' && h.get(1) == 'D' && h.get(2) == 'M' && h.get(3) == 'V';
    }

    private static String embeddedDescriptor(ByteBuffer h) throws CorruptHeaderException {
        if (h.limit() < SPARSE_HEADER_LENGTH) {
            throw new CorruptHeaderException("vmdk header is truncated (" + h.limit() + " bytes)");
        }
        long offsetSectors = h.getLong(28);
        long sizeSectors = h.getLong(36);
        if (offsetSectors == 0 || sizeSectors == 0) {
            return ""; // no embedded descriptor: no parent recorded here
        }
        if (offsetSectors < 0 || offsetSectors > h.limit() / SECTOR) {
            throw new CorruptHeaderException("vmdk descriptor at sector " + Long.toUnsignedString(offsetSectors)
                    + " lies beyond the " + ImageFormat.HEADER_BYTES + " bytes of header read (libvirt reads no more)");
        }
        long start = offsetSectors * SECTOR;
        long end = sizeSectors < 0 || sizeSectors > h.limit() / SECTOR ? h.limit()
                : Math.min(h.limit(), start + sizeSectors * SECTOR);
        return text(h, (int) start, (int) end);
    }

    /** The descriptor is text up to its first NUL; invalid bytes cannot form a parent name that matches. */
    private static String text(ByteBuffer h, int start, int end) throws CorruptHeaderException {
        int stop = start;
        while (stop < end && h.get(stop) != 0) {
            stop++;
        }
        byte[] bytes = new byte[stop - start];
        h.get(start, bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.contains("\uFFFD")) {
            throw new CorruptHeaderException("vmdk descriptor is not valid UTF-8");
        }
        return text;
    }
}
