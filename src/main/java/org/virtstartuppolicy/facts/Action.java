package org.virtstartuppolicy.facts;

import java.util.Arrays;

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

    /** The action written as {@code label}, or null for anything else. */
    public static Action ofLabel(String label) {
        return Arrays.stream(values()).filter(a -> a.label.equals(label)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return label;
    }
}
