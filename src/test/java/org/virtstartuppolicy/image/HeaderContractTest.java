package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The fuzz targets' and the mutation test's judge of messages: it must tell the two kinds apart. */
class HeaderContractTest {
    private static void judge(String message) {
        HeaderContract.assertToolWords("qcow2", new CorruptHeaderException(message));
    }

    @Test
    void messageInTheToolsWordsPasses() {
        judge("backing file name at offset 18446744073709551615 lies beyond the 33280 bytes of header read"
                + " (libvirt reads no more)");
    }

    @Test
    void javaExceptionsWordsFail() {
        assertThrows(AssertionError.class, () -> judge("unexpected IndexOutOfBoundsException: Range [-1, -1 + 8)"
                + " out of bounds for length 33280"));
        assertThrows(AssertionError.class, () -> judge("Index 40 out of bounds for length 33"));
        assertThrows(AssertionError.class, () -> judge("java.nio.BufferUnderflowException"));
        assertThrows(AssertionError.class, () -> judge(null));
    }

    /** A header's own text may say anything: what a message quotes is not the message's words. */
    @Test
    void quotedNameThatSaysExceptionPasses() {
        judge("backing name 'json:{\"NullPointerException\": 1}' is not valid JSON");
    }
}
