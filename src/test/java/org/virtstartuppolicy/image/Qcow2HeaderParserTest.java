package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.TestImages;

/** The qcow2 header reader, bytes in, header facts out. */
class Qcow2HeaderParserTest {
    private final HeaderParser parser = ImageFormat.named("qcow2").parser();

    private ImageHeader parse(byte[] bytes) throws CorruptHeaderException {
        return parser.parse(ByteBuffer.wrap(bytes));
    }

    @Test
    void version3ReadsBackingNameAndRecordedFormat() throws CorruptHeaderException {
        ImageHeader header = parse(TestImages.qcow2Header(3, "../base/snap1.qcow", "qcow2", null));
        assertEquals("../base/snap1.qcow", header.backingName());
        assertEquals("qcow2", header.backingFormat());
        assertNull(header.dataFile());
    }

    @Test
    void version2ReadsBackingNameWithoutAFormat() throws CorruptHeaderException {
        ImageHeader header = parse(TestImages.qcow2Header(2, "/var/lib/libvirt/images/fedora18.img", null, null));
        assertEquals("/var/lib/libvirt/images/fedora18.img", header.backingName());
        assertNull(header.backingFormat());
    }

    @Test
    void externalDataFileIsReadWhenTheFeatureBitSaysItIsUsed() throws CorruptHeaderException {
        assertEquals("data.raw", parse(TestImages.qcow2Header(3, null, null, "data.raw")).dataFile());
    }

    @Test
    void imageWithoutBackingHasNone() throws CorruptHeaderException {
        assertEquals(ImageHeader.NONE, parse(TestImages.qcow2Header(3, null, null, null)).backingOnly());
    }

    @Test
    void truncatedHeaderIsCorrupt() {
        byte[] header = Arrays.copyOf(TestImages.qcow2Header(3, "b", "raw", null), 50);
        assertTrue(assertThrows(CorruptHeaderException.class, () -> parse(header)).getMessage().contains("truncated"));
    }

    @Test
    void backingNameLongerThan1023BytesIsCorrupt() {
        byte[] header = TestImages.qcow2Header(3, "x".repeat(1024), null, null);
        assertTrue(assertThrows(CorruptHeaderException.class, () -> parse(header)).getMessage().contains("1024"));
    }

    @Test
    void backingNameBeyondTheHeaderIsCorrupt() {
        ByteBuffer header = ByteBuffer.wrap(TestImages.qcow2Header(3, "base", null, null));
        header.putLong(8, 1L << 40);
        assertThrows(CorruptHeaderException.class, () -> parser.parse(header));
    }

    @Test
    void extensionLengthThatOverflowsIsCorrupt() {
        ByteBuffer header = ByteBuffer.wrap(TestImages.qcow2Header(3, null, "qcow2", null));
        header.putInt(104 + 4, 0xFFFFFFF0);
        assertTrue(assertThrows(CorruptHeaderException.class, () -> parser.parse(header)).getMessage()
                .contains("overflows"));
    }

    @Test
    void unknownVersionIsCorrupt() {
        ByteBuffer header = ByteBuffer.wrap(TestImages.qcow2Header(3, null, null, null));
        header.putInt(4, 7);
        assertThrows(CorruptHeaderException.class, () -> parser.parse(header));
    }

    @Test
    void backingNameWithInvalidUtf8IsCorrupt() {
        byte[] header = TestImages.qcow2Header(3, "abc", null, null);
        int nameOffset = (int) ByteBuffer.wrap(header).getLong(8);
        header[nameOffset] = (byte) 0xC3; // a lead byte followed by no continuation byte
        header[nameOffset + 1] = (byte) 0x28;
        assertTrue(assertThrows(CorruptHeaderException.class, () -> parse(header)).getMessage().contains("UTF-8"));
    }

    /** Found by HeaderMutationTest on qemu-img's images: the sum of offset and size overflowed, (int) gave -1. */
    @Test
    void backingNameOffsetThatItsSizeCarriesPastTheLargestLongIsCorrupt() {
        ByteBuffer header = ByteBuffer.wrap(TestImages.qcow2Header(2, "base.raw", "raw", null));
        header.putLong(8, Long.MAX_VALUE);
        assertEquals("backing file name at offset 9223372036854775807 lies beyond the 33280 bytes of header read"
                + " (libvirt reads no more)", assertThrows(CorruptHeaderException.class, () -> parser.parse(header))
                .getMessage());
    }

    @Test
    void backingNameOffsetOfTheLargestUnsignedLongIsNamedAsTheHeaderHasIt() {
        ByteBuffer header = ByteBuffer.wrap(TestImages.qcow2Header(3, "base", null, null));
        header.putLong(8, -1);
        assertEquals("backing file name at offset 18446744073709551615 lies beyond the 33280 bytes of header read"
                + " (libvirt reads no more)", assertThrows(CorruptHeaderException.class, () -> parser.parse(header))
                .getMessage());
    }

    @Test
    void backingNameThatRunsPastTheHeaderIsCorrupt() {
        byte[] bytes = TestImages.qcow2Header(3, "base", null, null);
        ByteBuffer header = ByteBuffer.wrap(bytes);
        header.putLong(8, bytes.length - 2);
        assertTrue(assertThrows(CorruptHeaderException.class, () -> parser.parse(header)).getMessage()
                .contains("(4 bytes) lies beyond"));
    }

    @Test
    void backingNameOfNulBytesOnlyIsCorrupt() {
        byte[] header = TestImages.qcow2Header(3, "abc", null, null);
        int nameOffset = (int) ByteBuffer.wrap(header).getLong(8);
        Arrays.fill(header, nameOffset, nameOffset + 3, (byte) 0);
        assertEquals("backing file name is empty",
                assertThrows(CorruptHeaderException.class, () -> parse(header)).getMessage());
    }

    @Test
    void emptyBackingFormatIsCorrupt() {
        assertEquals("backing format is empty", assertThrows(CorruptHeaderException.class,
                () -> parse(TestImages.qcow2Header(3, "base", "", null))).getMessage());
    }

    @Test
    void extensionWhoseLengthReachesIntoTheBackingNameIsCorrupt() {
        ByteBuffer header = ByteBuffer.wrap(TestImages.qcow2Header(3, "base", "qcow2", null));
        header.putInt(104 + 4, (int) header.getLong(8) - 104 - 8 + 1);
        assertTrue(assertThrows(CorruptHeaderException.class, () -> parser.parse(header)).getMessage()
                .contains("overflows"));
    }

    /**
     * It read them on to the end of the header: libvirt and QEMU end them at the backing name's
     * offset whenever it is not 0, a name of 0 bytes too, so QEMU never reads this data file.
     */
    @Test
    void extensionsEndAtTheBackingNameOffsetThoughTheNameIsEmpty() throws CorruptHeaderException {
        ByteBuffer header = ByteBuffer.wrap(TestImages.qcow2Header(3, null, null, "data.raw"));
        header.putLong(8, 104); // where the data file extension starts; the size stays 0
        assertNull(parser.parse(header).dataFile());
    }

    @Test
    void backingNameOffsetPastTheHeaderWithASizeOf0LeavesTheExtensionsTheWholeHeader()
            throws CorruptHeaderException {
        ByteBuffer header = ByteBuffer.wrap(TestImages.qcow2Header(3, null, null, "data.raw"));
        header.putLong(8, -1);
        assertEquals("data.raw", parser.parse(header).dataFile());
    }

    /**
     * Found by HeaderDifferentialFuzzTest: a file cut inside the data file extension's header.
     * It was read as no data file; qemu-img, reading zeros past the end, found one named "".
     */
    @Test
    void extensionHeaderCutShortByTheEndOfTheFileIsCorrupt() {
        byte[] header = Arrays.copyOf(TestImages.qcow2Header(3, null, null, "data.raw"), 104 + 4);
        assertEquals("header extension at offset 104 lies beyond the 33280 bytes of header read (libvirt reads no more)",
                assertThrows(CorruptHeaderException.class, () -> parse(header)).getMessage());
    }

    /** QEMU refuses it too ("Header extension too large"); it was read as if the extensions had ended. */
    @Test
    void extensionHeaderCutShortByTheBackingNameIsCorrupt() {
        ByteBuffer header = ByteBuffer.wrap(TestImages.qcow2Header(3, "base", "qcow2", null));
        header.putInt(120, 0x12345678); // the end extension, now one of 0 bytes that goes on to 128
        header.put(132, "base".getBytes(StandardCharsets.US_ASCII)).putLong(8, 132);
        assertEquals("header extension at offset 128 runs into the backing file name at offset 132",
                assertThrows(CorruptHeaderException.class, () -> parser.parse(header)).getMessage());
    }

    @Test
    void extensionsThatEndExactlyAtTheEndOfAShortFileHaveEnded() throws CorruptHeaderException {
        byte[] header = Arrays.copyOf(TestImages.qcow2Header(3, null, "qcow2", null), 104 + 16);
        assertEquals("qcow2", parse(header).backingFormat());
    }
}
