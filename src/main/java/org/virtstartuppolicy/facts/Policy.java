package org.virtstartuppolicy.facts;

import org.virtstartuppolicy.domain.Device;
import org.virtstartuppolicy.domain.LabelIndex;

/** A startupPolicy, as rules name it: {@code Policy.OPTIONAL}. Declared from strictest to loosest. */
public enum Policy {
    MANDATORY("mandatory"),
    REQUISITE("requisite"),
    OPTIONAL("optional");

    private final String label;

    Policy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether this policy is stricter than {@code other}: mandatory, then requisite, then optional. */
    public boolean isStricterThan(Policy other) {
        return ordinal() < other.ordinal();
    }

    /** Whether libvirt accepts this policy on a disk of {@code device}: requisite is for removable media only. */
    public boolean isAllowedOn(Device device) {
        return this != REQUISITE || device != null && device.isRemovable();
    }

    private static final LabelIndex<Policy> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    /** The policy libvirt writes as {@code label}, or null for a value libvirt refuses. */
    public static Policy ofLabel(String label) {
        return BY_LABEL.get(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
