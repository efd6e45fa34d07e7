package org.virtstartuppolicy.facts;

import java.util.Arrays;

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

    /** The event written as {@code label}, or null for anything else. */
    public static ChangeEvent ofLabel(String label) {
        return Arrays.stream(values()).filter(e -> e.label.equals(label)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return label;
    }
}
