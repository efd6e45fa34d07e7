package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;

/** Reads the backing facts out of the first bytes of an image: pure, bytes in, header out. */
@FunctionalInterface
public interface HeaderParser {
    /** @param header the file's first bytes (at most {@link ImageFormat#HEADER_BYTES}), position 0 */
    ImageHeader parse(ByteBuffer header) throws CorruptHeaderException;
}
