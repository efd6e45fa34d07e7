package org.virtstartuppolicy.facts;

/**
 * How a site rule overrules the decision table for a disk: {@code FAIL} (the start fails rather
 * than lose the disk) or {@code DROP} (eject the medium or remove the disk, as the device allows).
 */
public enum OverrideKind {
    FAIL("fail"),
    DROP("drop");

    private final String label;

    OverrideKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
