package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The qcow (version 1) header reader: a backing name, never a recorded format. */
class QcowHeaderParserTest {
    private final HeaderParser parser = ImageFormat.named("qcow").parser();

    /** A qcow header as qemu-img writes it: 48 bytes, then the backing name. */
    private static ByteBuffer header(String backingName) {
        byte[] name = backingName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(48 + name.length + 8);
        header.put("QFI\u00fb".getBytes(StandardCharsets.ISO_8859_1)).putInt(1);
        header.putLong(48).putInt(name.length);
        header.put(32, (byte) 9).put(33, (byte) 12); // cluster_bits, l2_bits
        return header.put(48, name).position(0);
    }

    @Test
    void readsTheBackingNameAndNoFormat() throws CorruptHeaderException {
        ImageHeader found = parser.parse(header("base.raw"));
        assertEquals("base.raw", found.backingName());
        assertNull(found.backingFormat());
    }

    /** Found by HeaderMutationTest on qemu-img's images: the sum of offset and size overflowed, (int) gave -1. */
    @Test
    void backingNameOffsetThatItsSizeCarriesPastTheLargestLongIsCorrupt() {
        ByteBuffer header = header("base.raw").putLong(8, Long.MAX_VALUE);
        assertEquals("backing file name at offset 9223372036854775807 lies beyond the 33280 bytes of header read"
                + " (libvirt reads no more)", assertThrows(CorruptHeaderException.class, () -> parser.parse(header))
                .getMessage());
    }

    @Test
    void truncatedHeaderIsCorrupt() {
        ByteBuffer header = header("base.raw").limit(47);
        assertEquals("qcow header is truncated (47 bytes)",
                assertThrows(CorruptHeaderException.class, () -> parser.parse(header)).getMessage());
    }
}
