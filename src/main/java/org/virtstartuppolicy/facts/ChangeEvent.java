package org.virtstartuppolicy.facts;

/** The reason of the disk-change event libvirt emits when it drops a disk at start. */
public enum ChangeEvent {
    MISSING_ON_START("missing-on-start"),
    DROP_MISSING_ON_START("drop-missing-on-start");

    private final String label;

    ChangeEvent(String label) {
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
