package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Names stored in headers: strict UTF-8, no NUL inside, so a path shown to a user is the real one. */
final class HeaderText {
    private HeaderText() {
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
