package org.virtstartuppolicy.facts;

/** Where a disk's effective startupPolicy came from. */
public enum PolicyOrigin {
    /** Written in the domain XML. */
    DECLARED("declared"),
    /** None written: libvirt's default, mandatory. */
    DEFAULT("default"),
    /** A site rule's claim, in place of what the definition says. */
    SITE("site");

    private final String label;

    PolicyOrigin(String label) {
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
