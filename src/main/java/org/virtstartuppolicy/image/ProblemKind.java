package org.virtstartuppolicy.image;

/** Why a disk or an element of its chain cannot be used: each counts as "missing" for startupPolicy. */
public enum ProblemKind {
    MISSING("missing"),
    PERMISSION_DENIED("permission-denied"),
    LOOP("loop"),
    TOO_DEEP("too-deep"),
    CORRUPT("corrupt"),
    FORMAT_NOT_RECORDED("format-not-recorded"),
    NOT_AN_IMAGE("not-an-image"),
    POOL_MISSING("pool-missing"),
    POOL_INACTIVE("pool-inactive"),
    VOLUME_MISSING("volume-missing");

    private final String label;

    ProblemKind(String label) {
        this.label = label;
    }

    /** The name users and rules see, e.g. {@code permission-denied}. */
    public String label() {
        return label;
    }
}
