package org.virtstartuppolicy;

/**
 * The tool cannot do its job (bad arguments, unreadable input, rules that do not compile):
 * carries the one-line message for the user and the exit code, and crosses every stage
 * up to the command line, which prints it.
 */
public final class ToolError extends RuntimeException {
    public static final int EXIT_CODE = 2;

    public ToolError(String message) {
        super(message);
    }

    public ToolError(String message, Throwable cause) {
        super(message, cause);
    }
}
