package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.scenario.ImageWriter;

/** The vmdk descriptor reader, in a sparse image or a file of its own, read as libvirt reads it. */
class VmdkHeaderParserTest {
    private final HeaderParser parser = ImageFormat.named("vmdk").parser();

    /**
     * A monolithicSparse header as qemu-img writes it (descriptor at sector 1, 20 sectors long),
     * with {@code descriptor} in its second sector.
     */
    private static ByteBuffer sparse(byte[] descriptor) {
        ByteBuffer header = ByteBuffer.allocate(0x200 + 20 * 512).order(ByteOrder.LITTLE_ENDIAN);
        header.put("KDMV".getBytes(StandardCharsets.ISO_8859_1)).putInt(1).putInt(3);
        header.putLong(28, 1).putLong(36, 20);
        return header.put(0x200, descriptor);
    }

    private static ByteBuffer sparse(String descriptor) {
        return sparse(descriptor.getBytes(StandardCharsets.UTF_8));
    }

    private static String descriptor(String parent) {
        return new String(ImageWriter.vmdkDescriptor(parent), StandardCharsets.UTF_8);
    }

    @Test
    void sparseImageNamesItsParentInItsDescriptor() throws CorruptHeaderException {
        assertEquals(new ImageHeader("base.vmdk", "vmdk", null, null), parser.parse(sparse(descriptor("base.vmdk"))).backingOnly());
    }

    @Test
    void descriptorFileNamesItsParent() throws CorruptHeaderException {
        assertEquals("base.vmdk", parser.parse(ByteBuffer.wrap(ImageWriter.vmdkDescriptor("base.vmdk"))).backingName());
    }

    @Test
    void descriptorWithoutAParentHasNone() throws CorruptHeaderException {
        assertEquals(ImageHeader.NONE, parser.parse(sparse(descriptor(null))).backingOnly());
    }

    /** It was read where the header's descriptor offset pointed; libvirt and QEMU read sector 1. */
    @Test
    void sparseDescriptorIsReadAtByte512WhateverTheHeaderSaysItsOffsetIs() throws CorruptHeaderException {
        ByteBuffer header = sparse(descriptor("base.vmdk")).putLong(28, 2);
        assertEquals("base.vmdk", parser.parse(header).backingName());
        header.putLong(28, -1);
        assertEquals("base.vmdk", parser.parse(header).backingName());
    }

    /** A regular expression took 9 s over 32 KiB of newlines (each line's whitespace tried anew). */
    @Test
    void descriptorOfNewlinesOnlyIsReadInLinearTime() {
        byte[] newlines = new byte[ImageFormat.HEADER_BYTES];
        Arrays.fill(newlines, (byte) '\n');
        assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertEquals(ImageHeader.NONE, parser.parse(ByteBuffer.wrap(newlines)).backingOnly()));
    }

    /** It was corrupt: libvirt finds the parent whatever other bytes the descriptor holds. */
    @Test
    void invalidUtf8OutsideTheParentNameDoesNotHideTheParent() throws CorruptHeaderException {
        byte[] text = descriptor("base.vmdk").replace("version=1", "version=\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("base.vmdk", parser.parse(sparse(text)).backingName());
    }

    @Test
    void parentNameWithInvalidUtf8IsCorrupt() {
        byte[] text = descriptor("base\u00ff.vmdk").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("parentFileNameHint is not valid UTF-8",
                assertThrows(CorruptHeaderException.class, () -> parser.parse(sparse(text))).getMessage());
    }

    /** It was corrupt: a valid U+FFFD was taken for the decoder's mark of an invalid byte. */
    @Test
    void parentNameWithAReplacementCharacterIsValidUtf8() throws CorruptHeaderException {
        assertEquals("base\ufffd.vmdk", parser.parse(sparse(descriptor("base\ufffd.vmdk"))).backingName());
    }

    /** It passed: the limit counted characters, and 400 three-byte characters are 1200 bytes. */
    @Test
    void parentNameOverTheLimitInBytesIsCorruptThoughItHasFewerCharacters() {
        ByteBuffer header = sparse(descriptor("\u20ac".repeat(400)));
        assertEquals("parentFileNameHint is 1200 bytes, more than 1023",
                assertThrows(CorruptHeaderException.class, () -> parser.parse(header)).getMessage());
    }

    /** It was no parent: libvirt finds the first parentFileNameHint=" wherever it stands, as QEMU does. */
    @Test
    void parentHintAfterOtherTextOnItsLineIsFoundAsLibvirtFindsIt() throws CorruptHeaderException {
        String text = descriptor("base.vmdk").replace("parentFileNameHint", "#parentFileNameHint");
        assertEquals("base.vmdk", parser.parse(sparse(text)).backingName());
    }

    /** It was a parent: libvirt looks for the key, the equals sign and the quote together. */
    @Test
    void parentHintWithSpacesAroundItsEqualsSignIsNoParentForLibvirt() throws CorruptHeaderException {
        String text = descriptor("base.vmdk").replace("parentFileNameHint=", "parentFileNameHint = ");
        assertEquals(ImageHeader.NONE, parser.parse(sparse(text)).backingOnly());
    }

    @Test
    void parentHintWithoutItsClosingQuoteIsCorrupt() {
        ByteBuffer header = sparse("parentFileNameHint=\"base.vmdk");
        assertEquals("parentFileNameHint has no closing quote",
                assertThrows(CorruptHeaderException.class, () -> parser.parse(header)).getMessage());
    }

    @Test
    void descriptorEndsAtItsFirstNul() throws CorruptHeaderException {
        byte[] text = ("version=1\n\0" + descriptor("base.vmdk")).getBytes(StandardCharsets.UTF_8);
        assertEquals(ImageHeader.NONE, parser.parse(sparse(text)).backingOnly());
    }

    @Test
    void sparseHeaderThatEndsBeforeItsDescriptorIsCorrupt() {
        ByteBuffer header = sparse(descriptor("base.vmdk")).limit(0x200);
        assertEquals("vmdk header is truncated (512 bytes): its descriptor starts at byte 512",
                assertThrows(CorruptHeaderException.class, () -> parser.parse(header)).getMessage());
    }
}
