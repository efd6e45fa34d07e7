package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vmdk: the text descriptor, embedded in a sparse {@code KDMV} image or a file of its own, names
 * the parent in {@code parentFileNameHint}; a vmdk's parent is always vmdk.
 *
 * <p>The descriptor is read as libvirt reads it: as bytes up to the first NUL, in which the first
 * {@code parentFileNameHint="} starts the parent's name and the next {@code "} ends it, wherever
 * they stand. Only the name itself must be strict UTF-8: other bytes of the descriptor do not
 * change what libvirt finds.
 */
final class VmdkHeaderParser implements HeaderParser {
    /**
     * Where a sparse image's descriptor starts: libvirt and QEMU read it there, whatever the
     * header's own descriptor offset says.
     */
    private static final int SPARSE_DESCRIPTOR = 0x200;
    private static final byte[] PARENT = "parentFileNameHint=\"".getBytes(StandardCharsets.US_ASCII);

    @Override
    public ImageHeader parse(ByteBuffer header) throws CorruptHeaderException {
        ByteBuffer h = header.duplicate();
        int start = 0;
        if (isSparse(h)) {
            if (h.limit() <= SPARSE_DESCRIPTOR) {
                throw new CorruptHeaderException("vmdk header is truncated (" + h.limit()
                        + " bytes): its descriptor starts at byte " + SPARSE_DESCRIPTOR);
            }
            start = SPARSE_DESCRIPTOR;
        }
        int end = indexOf(h, (byte) 0, start, h.limit());
        Long size = isSparse(h) ? sparseCapacity(h) : extents(h, start, end);
        int key = indexOf(h, PARENT, start, end);
        if (key == end) {
            return new ImageHeader(null, null, null, size);
        }
        int name = key + PARENT.length;
        int quote = indexOf(h, (byte) '"', name, end);
        if (quote == end) {
            throw new CorruptHeaderException("parentFileNameHint has no closing quote");
        }
        if (quote == name) {
            return new ImageHeader(null, null, null, size);
        }
        return new ImageHeader(HeaderText.name(h, name, quote - name, "parentFileNameHint"), "vmdk", null, size);
    }

    /** A sparse image's capacity, in sectors (little-endian u64 at byte 12). */
    private static Long sparseCapacity(ByteBuffer h) {
        long sectors = h.order(ByteOrder.LITTLE_ENDIAN).getLong(12);
        return sectors < 0 || sectors > Long.MAX_VALUE / SECTOR ? null : sectors * SECTOR;
    }

    /**
     * A descriptor file's size: the sum of its extents ({@code RW 2097152 SPARSE "a-s001.vmdk"}),
     * in sectors; null when it names none.
     */
    private static Long extents(ByteBuffer h, int start, int end) {
        byte[] bytes = new byte[end - start];
        h.get(start, bytes);
        Matcher extent = EXTENT.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        long sectors = 0;
        boolean any = false;
        while (extent.find()) {
            String count = extent.group(1);
            if (count.length() > 15) {
                return null;
            }
            sectors += Long.parseLong(count);
            any = true;
        }
        return any && sectors <= Long.MAX_VALUE / SECTOR ? sectors * SECTOR : null;
    }

    private static final int SECTOR = 512;
    /** An extent line's access and size; plain, so that matching a long descriptor stays linear. */
    private static final Pattern EXTENT = Pattern.compile("^[ \\t]*(?:RW|RDONLY|NOACCESS)[ \\t]+([0-9]{1,18})[ \\t]",
            Pattern.MULTILINE);

    private static boolean isSparse(ByteBuffer h) {
        return h.limit() >= 4 && h.get(0) == 'K' && h.get(1) == 'D' && h.get(2) == 'M' && h.get(3) == 'V';
    }

    /** The first {@code b} in {@code [from, to)}, or {@code to}. */
    private static int indexOf(ByteBuffer h, byte b, int from, int to) {
        int i = from;
        while (i < to && h.get(i) != b) {
            i++;
        }
        return i;
    }

    /** The first {@code bytes} wholly in {@code [from, to)}, or {@code to}: plain search, no backtracking. */
    private static int indexOf(ByteBuffer h, byte[] bytes, int from, int to) {
        for (int i = from; i <= to - bytes.length; i++) {
            int j = 0;
            while (j < bytes.length && h.get(i + j) == bytes[j]) {
                j++;
            }
            if (j == bytes.length) {
                return i;
            }
        }
        return to;
    }
}
