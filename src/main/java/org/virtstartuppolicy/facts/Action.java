package org.virtstartuppolicy.facts;

import org.virtstartuppolicy.domain.LabelIndex;

/** What a start does with a disk, as rules name it: {@code Action.REMOVE}. */
public enum Action {
    KEEP("keep"),
    EJECT("eject"),
    REMOVE("remove"),
    FAIL("fail");

    private final String label;

    Action(String label) {
        this.label = label;
    }

    /** As reports and the decision log write it: {@code remove}. */
    public String label() {
        return label;
    }

    /** An ejected medium or a removed disk: the disk is dropped from this start. */
    public boolean drops() {
        return this == EJECT || this == REMOVE;
    }

    private static final LabelIndex<Action> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    /** The action written as {@code label}, or null for anything else. */
    public static Action ofLabel(String label) {
        return BY_LABEL.get(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
