package org.virtstartuppolicy.domain;

/**
 * A disk's {@code device}, as rules name it: {@code Device.CDROM}, never a string, so a typo is a
 * compile error. What each device means for startupPolicy is said here once.
 */
public enum Device {
    DISK("disk"),
    CDROM("cdrom"),
    FLOPPY("floppy"),
    LUN("lun");

    private final String label;

    Device(String label) {
        this.label = label;
    }

    /** As libvirt writes it: {@code cdrom}. */
    public String label() {
        return label;
    }

    /** A cdrom or floppy: its medium can be ejected and the drive kept. */
    public boolean isRemovable() {
        return this == CDROM || this == FLOPPY;
    }

    private static final LabelIndex<Device> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    /** The device libvirt writes as {@code label}, or null for a value libvirt does not know. */
    public static Device ofLabel(String label) {
        return BY_LABEL.get(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
