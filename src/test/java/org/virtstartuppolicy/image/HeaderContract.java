package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What probing, every parser and name resolution promise for any bytes read as a header: a
 * format, a header or a {@link CorruptHeaderException} whose message is in the tool's words.
 * Anything else (a Java exception, an error) leaves {@link #check} as it is, for the caller to
 * report: a fuzzer as a finding, the mutation test as a crasher.
 */
final class HeaderContract {
    static final List<String> FORMATS = List.of("qcow2", "qcow", "qed", "vmdk");

    /**
     * A Java exception or error named, or the JDK's bounds-check wording: what a message shows
     * when it passes on a Java exception's text instead of saying what is wrong with the header.
     */
    private static final Pattern JAVA_WORDS = Pattern.compile(
            "\\bjava\\.|[A-Za-z]+(?:Exception|Error)\\b|out of bounds for length|Range \\[");

    /** A name quoted in a message: the header's own text, which may say anything at all. */
    private static final Pattern QUOTED = Pattern.compile("'.*'", Pattern.DOTALL);

    private HeaderContract() {
    }

    /**
     * Probes {@code header}, parses it with every parser and resolves each backing name found, as
     * the chain walk would for an image at {@code path}.
     *
     * @throws AssertionError when a {@link CorruptHeaderException} says it in Java's words
     */
    static void check(ByteBuffer header, String path) {
        ImageFormat.probe(header.duplicate());
        for (String format : FORMATS) {
            try {
                ImageHeader found = ImageFormat.named(format).parser().parse(header.duplicate());
                if (found.backingName() != null) {
                    BackingName.resolve(path, found.backingName());
                }
            } catch (CorruptHeaderException e) {
                assertToolWords(format, e);
            }
        }
    }

    /** A message says what is wrong with the header, never which Java exception got there first. */
    static void assertToolWords(String format, CorruptHeaderException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            throw new AssertionError(format + ": a corrupt header without a message", e);
        }
        if (inJavaWords(message)) {
            throw new AssertionError(format + ": a corrupt header in Java's words: " + message, e);
        }
    }

    /** Whether a message names a Java exception or error outside the names it quotes. */
    static boolean inJavaWords(String message) {
        return JAVA_WORDS.matcher(QUOTED.matcher(message).replaceAll("'…'")).find();
    }
}
