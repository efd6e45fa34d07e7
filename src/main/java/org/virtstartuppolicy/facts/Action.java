package org.virtstartuppolicy.facts;

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

    @Override
    public String toString() {
        return label;
    }
}
