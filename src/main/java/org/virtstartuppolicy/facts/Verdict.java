package org.virtstartuppolicy.facts;

import java.util.Arrays;

/**
 * Inserted by the verdict rules, as the constant itself ({@code insert(Verdict.FAIL)}): whether
 * the guest may start.
 */
public enum Verdict implements Described {
    START("start"),
    FAIL("fail");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** As reports and the decision log write it: {@code start}. */
    public String label() {
        return label;
    }

    /** The verdict written as {@code label}, or null for anything else. */
    public static Verdict ofLabel(String label) {
        return Arrays.stream(values()).filter(v -> v.label.equals(label)).findFirst().orElse(null);
    }

    @Override
    public String describe() {
        return "verdict: " + label;
    }

    @Override
    public String toString() {
        return label;
    }
}
