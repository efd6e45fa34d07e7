package org.virtstartuppolicy.conformance;

/**
 * A disk-change event as virsh prints it: the disk, the reason ({@code changed}: a medium
 * ejected; {@code dropped}: a disk removed) and the old source ({@code <null>} for none).
 */
record DiskEvent(String target, String reason, String oldSource) {
    /** virsh names a disk by its alias; every disk the suite defines has the alias {@code ua-TARGET}. */
    static DiskEvent fromVirsh(String alias, String reason, String oldSource) {
        return new DiskEvent(alias.replaceFirst("^ua-", ""), reason, oldSource);
    }

    /** The tool names libvirt's reasons as libvirt's source does: missing-on-start, drop-missing-on-start. */
    static DiskEvent fromTool(String target, String reason, String oldSource) {
        return new DiskEvent(target, switch (reason) {
            case "missing-on-start" -> "changed";
            case "drop-missing-on-start" -> "dropped";
            default -> reason;
        }, oldSource == null ? "<null>" : oldSource);
    }

    String brief() {
        return target + " " + reason;
    }

    @Override
    public String toString() {
        return target + " " + reason + " " + oldSource;
    }
}
