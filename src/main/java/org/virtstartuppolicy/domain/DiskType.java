package org.virtstartuppolicy.domain;

/** A disk's {@code type}, as rules name it: {@code DiskType.VOLUME}. libvirt 9.0 has no {@code vdpa} disk type. */
public enum DiskType {
    FILE("file"),
    BLOCK("block"),
    DIR("dir"),
    VOLUME("volume"),
    NETWORK("network"),
    NVME("nvme"),
    VHOSTUSER("vhostuser");

    private final String label;

    DiskType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether libvirt checks such a source from the host, and so whether a startupPolicy applies to it. */
    public boolean isCheckedFromHost() {
        return this == FILE || this == BLOCK || this == DIR || this == VOLUME;
    }

    private static final LabelIndex<DiskType> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    /** The type libvirt writes as {@code label}, or null for a value this tool does not know. */
    public static DiskType ofLabel(String label) {
        return BY_LABEL.get(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
