package org.virtstartuppolicy.domain;

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

    private static final LabelIndex<HostdevType> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    /** The type libvirt writes as {@code label}, or null for one it refuses. */
    public static HostdevType ofLabel(String label) {
        return BY_LABEL.get(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
