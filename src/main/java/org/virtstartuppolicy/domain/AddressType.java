package org.virtstartuppolicy.domain;

/** A device's {@code <address type>}, as rules name it: {@code AddressType.DRIVE}. libvirt 9.0 knows these. */
public enum AddressType {
    PCI("pci"),
    DRIVE("drive"),
    VIRTIO_SERIAL("virtio-serial"),
    CCID("ccid"),
    USB("usb"),
    SPAPR_VIO("spapr-vio"),
    VIRTIO_S390("virtio-s390"),
    CCW("ccw"),
    VIRTIO_MMIO("virtio-mmio"),
    ISA("isa"),
    DIMM("dimm"),
    UNASSIGNED("unassigned");

    private final String label;

    AddressType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    private static final LabelIndex<AddressType> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    /** The type libvirt writes as {@code label}, or null for a value libvirt refuses. */
    public static AddressType ofLabel(String label) {
        return BY_LABEL.get(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
