package org.virtstartuppolicy.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Any bytes a guest may have written where a header is read: probing gives a format, every
 * parser a header or a {@link CorruptHeaderException} in the tool's words, and each backing name
 * found resolves or is corrupt too (HeaderContract), in bounded time. The seeds are real headers
 * made by qemu-img (their first 0x8200 bytes at most), so that mutants keep real structure.
 */
class HeaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void everyParserGivesAHeaderOrCallsItCorrupt(byte[] bytes) {
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, Math.min(bytes.length, ImageFormat.HEADER_BYTES)).slice();
        HeaderContract.check(header, "/var/lib/libvirt/images/top");
    }
}
