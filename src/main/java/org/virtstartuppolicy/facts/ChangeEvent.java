package org.virtstartuppolicy.facts;

import org.virtstartuppolicy.domain.LabelIndex;

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

    private static final LabelIndex<ChangeEvent> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    /** The event written as {@code label}, or null for anything else. */
    public static ChangeEvent ofLabel(String label) {
        return BY_LABEL.get(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
