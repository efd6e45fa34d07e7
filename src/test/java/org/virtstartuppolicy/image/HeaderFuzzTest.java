package org.virtstartuppolicy.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Any bytes a guest may have written where a header is read: every parser gives a header or a
 * {@link CorruptHeaderException}, and probing gives a format, nothing else, in bounded time.
 */
class HeaderFuzzTest {
    private static final List<String> FORMATS = List.of("qcow2", "qcow", "qed", "vmdk");

    @FuzzTest(maxDuration = "60s")
    void everyParserGivesAHeaderOrCallsItCorrupt(byte[] bytes) {
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, ImageFormat.HEADER_BYTES)).slice();
        ImageFormat.probe(header.duplicate());
        for (String format : FORMATS) {
            try {
                ImageFormat.named(format).parser().parse(header.duplicate());
            } catch (CorruptHeaderException e) {
                // a classified problem: allowed
            }
        }
    }
}
