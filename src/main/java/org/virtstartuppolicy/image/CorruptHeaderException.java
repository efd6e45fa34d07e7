package org.virtstartuppolicy.image;

/** A header that cannot be trusted: truncated, out of range, or not of the format it claims. */
public final class CorruptHeaderException extends Exception {
    public CorruptHeaderException(String message) {
        super(message);
    }
}
