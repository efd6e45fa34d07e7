package org.virtstartuppolicy.domain;

import java.util.Arrays;

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

    /** The device libvirt writes as {@code label}, or null for a value libvirt does not know. */
    public static Device ofLabel(String label) {
        return Arrays.stream(values()).filter(d -> d.label.equals(label)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return label;
    }
}
