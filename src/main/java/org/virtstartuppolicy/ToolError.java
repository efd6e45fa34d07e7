package org.virtstartuppolicy;

import java.util.List;

/**
 * The tool cannot do its job (bad arguments, unreadable input, rules that do not compile):
 * carries the one-line message for the user and the exit code, and crosses every stage
 * up to the command line, which prints it.
 */
public final class ToolError extends RuntimeException {
    public static final int EXIT_CODE = 2;

    private final List<String> problems;

    public ToolError(String message) {
        super(message);
        this.problems = List.of(message);
    }

    /** Several problems at once (a rule set that does not compile): the message sums them up. */
    public ToolError(List<String> problems) {
        super(problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""));
        this.problems = List.copyOf(problems);
    }

    public ToolError(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Every problem, one line each, as {@code FILE:LINE: message} where there is a file. */
    public List<String> problems() {
        return problems;
    }
}
