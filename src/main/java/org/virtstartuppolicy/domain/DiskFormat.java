package org.virtstartuppolicy.domain;

/**
 * A disk's {@code <driver type>}, as rules name it: {@code DiskFormat.QCOW2}. These are the
 * formats libvirt 9.0 knows (virStorageFileFormat); {@code luks} and {@code vhdx}, which QEMU
 * knows, are not among them.
 */
public enum DiskFormat {
    RAW("raw"),
    DIR("dir"),
    BOCHS("bochs"),
    CLOOP("cloop"),
    DMG("dmg"),
    ISO("iso"),
    VPC("vpc"),
    VDI("vdi"),
    FAT("fat"),
    VHD("vhd"),
    PLOOP("ploop"),
    COW("cow"),
    QCOW("qcow"),
    QCOW2("qcow2"),
    QED("qed"),
    VMDK("vmdk");

    private final String label;

    DiskFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    private static final LabelIndex<DiskFormat> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    /** The format libvirt reads {@code label} as ({@code aio}, Xen's old word, is raw), or null for one it refuses. */
    public static DiskFormat ofLabel(String label) {
        if ("aio".equals(label)) {
            return RAW;
        }
        return BY_LABEL.get(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
