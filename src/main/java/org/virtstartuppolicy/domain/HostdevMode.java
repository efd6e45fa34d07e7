package org.virtstartuppolicy.domain;

/** A {@code <hostdev mode>}, as rules name it: {@code HostdevMode.SUBSYSTEM}. */
public enum HostdevMode {
    SUBSYSTEM("subsystem"),
    CAPABILITIES("capabilities");

    private final String label;

    HostdevMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    private static final LabelIndex<HostdevMode> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    /** The mode libvirt reads {@code label} as: subsystem when none is written, null for a value it refuses. */
    public static HostdevMode ofLabel(String label) {
        if (label == null) {
            return SUBSYSTEM;
        }
        return BY_LABEL.get(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
