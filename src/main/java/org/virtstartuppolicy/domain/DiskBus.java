package org.virtstartuppolicy.domain;

/** A disk's {@code <target bus>}, as rules name it: {@code DiskBus.SATA}. */
public enum DiskBus {
    IDE("ide"),
    FDC("fdc"),
    SCSI("scsi"),
    VIRTIO("virtio"),
    XEN("xen"),
    USB("usb"),
    UML("uml"),
    SATA("sata"),
    SD("sd");

    private final String label;

    DiskBus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The bus libvirt puts a disk on when its {@code <target>} names none: a floppy's controller,
     * else the one its target name's prefix stands for, else IDE.
     */
    static DiskBus defaultFor(String device, String target) {
        if ("floppy".equals(device)) {
            return FDC;
        }
        String name = target == null ? "" : target;
        if (name.startsWith("sd")) {
            return SCSI;
        }
        if (name.startsWith("vd")) {
            return VIRTIO;
        }
        if (name.startsWith("xvd")) {
            return XEN;
        }
        if (name.startsWith("ubd")) {
            return UML;
        }
        return IDE;
    }

    private static final LabelIndex<DiskBus> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    /** The bus libvirt writes as {@code label}, or null for a value libvirt refuses. */
    public static DiskBus ofLabel(String label) {
        return BY_LABEL.get(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
