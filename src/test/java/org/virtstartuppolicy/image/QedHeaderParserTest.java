package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.scenario.ImageWriter;

/** The qed header reader: a backing name when the feature says so, raw when its bit says so. */
class QedHeaderParserTest {
    private final HeaderParser parser = ImageFormat.named("qed").parser();

    private static ByteBuffer header(String backingName, String backingFormat) {
        return ByteBuffer.wrap(ImageWriter.qed(backingName, backingFormat)).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void backingIsRawBitRecordsARawBackingFormat() throws CorruptHeaderException {
        assertEquals(new ImageHeader("base.raw", "raw", null, null), parser.parse(header("base.raw", "raw")).backingOnly());
    }

    @Test
    void withoutTheRawBitTheFormatIsLeftToBeProbed() throws CorruptHeaderException {
        assertEquals(new ImageHeader("base.qcow2", null, null, null), parser.parse(header("base.qcow2", "qcow2")).backingOnly());
    }

    /** It was corrupt; libvirt and QEMU (qemu-img info) read no backing file from an empty name. */
    @Test
    void backingFeatureWithAnEmptyNameHasNoBackingFile() throws CorruptHeaderException {
        assertEquals(ImageHeader.NONE, parser.parse(header("base.raw", "raw").putInt(60, 0)).backingOnly());
    }

    /** Unlike qcow2's, a qed name at offset 0 is read there by libvirt and QEMU: here, the magic. */
    @Test
    void backingNameAtOffsetZeroIsReadFromThere() throws CorruptHeaderException {
        assertEquals("QED", parser.parse(header("base.raw", "raw").putInt(56, 0).putInt(60, 3)).backingName());
    }

    @Test
    void backingNameAtTheLargestUnsignedOffsetIsCorrupt() {
        ByteBuffer header = header("base.raw", "raw").putInt(56, -1);
        assertEquals("backing file name at offset 4294967295 lies beyond the 33280 bytes of header read"
                + " (libvirt reads no more)", assertThrows(CorruptHeaderException.class, () -> parser.parse(header))
                .getMessage());
    }

    @Test
    void backingNameOfTheLargestUnsignedSizeIsCorrupt() {
        ByteBuffer header = header("base.raw", "raw").putInt(60, -1);
        assertEquals("backing file name is 4294967295 bytes, more than 1023",
                assertThrows(CorruptHeaderException.class, () -> parser.parse(header)).getMessage());
    }
}
