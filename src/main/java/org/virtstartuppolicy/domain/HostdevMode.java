package org.virtstartuppolicy.domain;

import java.util.Arrays;

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

    /** The mode libvirt reads {@code label} as: subsystem when none is written, null for a value it refuses. */
    public static HostdevMode ofLabel(String label) {
        if (label == null) {
            return SUBSYSTEM;
        }
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return label;
    }
}
