package org.virtstartuppolicy.domain;

import java.util.Arrays;

/** A subsystem {@code <hostdev type>}, as rules name it: {@code HostdevType.USB}. libvirt 9.0 knows these five. */
public enum HostdevType {
    USB("usb"),
    PCI("pci"),
    SCSI("scsi"),
    SCSI_HOST("scsi_host"),
    MDEV("mdev");

    private final String label;

    HostdevType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The type libvirt writes as {@code label}, or null for one it refuses. */
    public static HostdevType ofLabel(String label) {
        return Arrays.stream(values()).filter(t -> t.label.equals(label)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return label;
    }
}
