package org.virtstartuppolicy.facts;

import org.virtstartuppolicy.domain.LabelIndex;

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

    private static final LabelIndex<Verdict> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    /** The verdict written as {@code label}, or null for anything else. */
    public static Verdict ofLabel(String label) {
        return BY_LABEL.get(label);
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
