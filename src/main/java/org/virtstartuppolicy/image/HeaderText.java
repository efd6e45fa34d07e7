package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Names stored in headers: strict UTF-8, no NUL inside, so a path shown to a user is the real one.
 * Offsets and sizes come from the header as unsigned numbers, so every check here is written so
 * that no sum of them can overflow: each is compared with what is left of the header instead.
 */
final class HeaderText {
    /** libvirt refuses longer backing names as invalid. */
    static final int MAX_BACKING_NAME = 1023;

    /**
     * The end of a message about bytes past the header read; a shorter file is read whole, and
     * what lies past its end lies past the header read too.
     */
    static final String BEYOND = " lies beyond the " + ImageFormat.HEADER_BYTES
            + " bytes of header read (libvirt reads no more)";

    private HeaderText() {
    }

    /**
     * The backing name stored at {@code offset}, {@code size} bytes long, or null when there is
     * none (either is 0), as qcow and qcow2 record it.
     *
     * @param offset an unsigned 64-bit offset (a negative long is one of 2^63 or more)
     * @param size   an unsigned 32-bit size
     */
    static String backingName(ByteBuffer header, long offset, long size) throws CorruptHeaderException {
        if (offset == 0 || size == 0) {
            return null;
        }
        return name(header, offset, size, "backing file name");
    }

    /** The name at {@code offset}, {@code size} bytes long (both unsigned), of at most 1023 bytes. */
    static String name(ByteBuffer header, long offset, long size, String what) throws CorruptHeaderException {
        if (size < 0 || size > MAX_BACKING_NAME) {
            throw new CorruptHeaderException(what + " is " + Long.toUnsignedString(size) + " bytes, more than "
                    + MAX_BACKING_NAME);
        }
        return decode(header, offset, size, what);
    }

    /**
     * The text of {@code length} bytes at {@code offset} (both unsigned), NUL padding at its end
     * dropped; never empty.
     */
    static String decode(ByteBuffer header, long offset, long length, String what) throws CorruptHeaderException {
        // offset + length could overflow: each is compared with what the header holds instead
        if (offset < 0 || offset > header.limit()) {
            throw new CorruptHeaderException(what + " at offset " + Long.toUnsignedString(offset) + BEYOND);
        }
        if (length < 0 || length > header.limit() - offset) {
            throw new CorruptHeaderException(what + " at offset " + offset + " (" + Long.toUnsignedString(length)
                    + " bytes)" + BEYOND);
        }
        ByteBuffer bytes = header.slice((int) offset, (int) length);
        int end = (int) length;
        while (end > 0 && bytes.get(end - 1) == 0) {
            end--; // names may be NUL-padded
        }
        if (end == 0) {
            // its size says a name is there, its bytes say none: which is meant is not for the tool to guess
            throw new CorruptHeaderException(what + " is empty");
        }
        for (int i = 0; i < end; i++) {
            if (bytes.get(i) == 0) {
                throw new CorruptHeaderException(what + " contains a NUL byte");
            }
        }
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.slice(0, end));
            return text.toString();
        } catch (CharacterCodingException e) {
            throw new CorruptHeaderException(what + " is not valid UTF-8");
        }
    }
}
