package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Names stored in headers: strict UTF-8, no NUL inside, so a path shown to a user is the real one. */
final class HeaderText {
    /** libvirt refuses longer backing names as invalid. */
    static final int MAX_BACKING_NAME = 1023;

    private HeaderText() {
    }

    /**
     * The backing name stored at {@code offset}, {@code size} bytes long, or null when there is
     * none (either is 0).
     */
    static String backingName(ByteBuffer header, long offset, long size) throws CorruptHeaderException {
        if (offset == 0 || size == 0) {
            return null;
        }
        if (size > MAX_BACKING_NAME) {
            throw new CorruptHeaderException("backing file name is " + size + " bytes, more than " + MAX_BACKING_NAME);
        }
        if (offset < 0 || offset + size > header.limit()) {
            throw new CorruptHeaderException("backing file name at offset " + Long.toUnsignedString(offset)
                    + " lies beyond the " + ImageFormat.HEADER_BYTES + " bytes of header read (libvirt reads no more)");
        }
        return decode(header, (int) offset, (int) size, "backing file name");
    }

    static String decode(ByteBuffer header, int offset, int length, String what) throws CorruptHeaderException {
        ByteBuffer bytes = header.slice(offset, length);
        int end = length;
        while (end > 0 && bytes.get(end - 1) == 0) {
            end--; // names may be NUL-padded
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
