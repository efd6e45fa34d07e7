package org.virtstartuppolicy.image;

/**
 * Every chain failure, typed and worded as libvirt 9.0 words it before a start (with its error
 * class, {@code internal error: }, where virsh prints one), or, where libvirt's check passes or
 * this tool sees less than libvirt, in the tool's own words saying why. The conformance suite
 * compares these messages word for word with a real daemon's: this is the one place they are made.
 */
public final class LibvirtMessages {
    private LibvirtMessages() {
    }

    /**
     * libvirt's access check ({@code access(F_OK)} as QEMU's account) failed.
     *
     * @param top          the disk's own source: libvirt names it, however deep the file is
     * @param topHasBacking whether the top image's format has backing files (then libvirt names the account)
     */
    public static ChainProblem inaccessible(String path, String referrer, String top, boolean topHasBacking,
                                            AccessError errno, String format, QemuUser qemu) {
        String message;
        if (referrer != null) {
            message = "Cannot access backing file '" + path + "' of storage file '" + top + "' (as " + qemu.label() + "): "
                    + errno.text();
        } else if (topHasBacking) {
            message = "Cannot access storage file '" + path + "' (as " + qemu.label() + "): " + errno.text();
        } else {
            message = "Cannot access storage file '" + path + "': " + errno.text();
        }
        return new ChainProblem(errno.kind(), path, referrer, errno, format, message);
    }

    /** This tool's account may not look at the file, so whether QEMU's account could reach it is unknown. */
    public static ChainProblem unseen(String path, String referrer, String format, String reader, QemuUser qemu) {
        return new ChainProblem(ProblemKind.UNREADABLE, path, referrer, AccessError.UNSEEN, format, "cannot look at '"
                + path + "' as " + reader + ", the account running virt-startup-policy, so whether QEMU's account ("
                + qemu.label() + ") can reach it is unknown: Permission denied");
    }

    /** A qcow2 image's external data file cannot be reached. */
    public static ChainProblem dataFileInaccessible(String dataFile, String image, AccessError errno, QemuUser qemu) {
        return new ChainProblem(errno.kind(), dataFile, image, errno, null, "Cannot access data file '" + dataFile
                + "' of storage file '" + image + "' (as " + qemu.label() + "): " + errno.text());
    }

    /** The chain is longer than libvirt follows. */
    public static ChainProblem tooDeep(String path, String referrer, String top) {
        return new ChainProblem(ProblemKind.TOO_DEEP, path, referrer, null, null, selfReferential(top));
    }

    /** The chain comes back to a file it passed through. */
    public static ChainProblem loop(String path, String referrer, String top) {
        return new ChainProblem(ProblemKind.LOOP, path, referrer, null, null, selfReferential(top));
    }

    private static String selfReferential(String top) {
        return "internal error: backing store for " + top + " is self-referential or too deeply nested";
    }

    /**
     * Something other than a regular file or a block device where an image should be (this tool
     * never opens it). What libvirt 9.0 does depends on what it is: it blocks opening a FIFO until
     * something writes to it; a socket or a character device passes its check and QEMU refuses
     * it; a folder is not there as an image, and the disk's policy applies.
     */
    public static ChainProblem notAnImage(String path, String referrer, FileKind kind) {
        return switch (kind) {
            case FIFO -> new ChainProblem(ProblemKind.WOULD_BLOCK, path, referrer, null, null, "'" + path
                    + "' is a FIFO, not a disk image: libvirt would block opening it, and libvirtd with it for every"
                    + " client, until something opens it for writing; the start is refused whatever the disk's"
                    + " startupPolicy");
            case SOCKET, CHARACTER_DEVICE -> new ChainProblem(ProblemKind.QEMU_CANNOT_OPEN, path, referrer, null, null,
                    "'" + path + "' is " + kind.description() + ", not a disk image: libvirt's check passes and QEMU"
                            + " refuses it (" + (kind == FileKind.SOCKET ? "Could not open '" + path
                            + "': No such device or address" : "'file' driver requires '" + path
                            + "' to be a regular file") + ")");
            default -> new ChainProblem(ProblemKind.NOT_AN_IMAGE, path, referrer, null, null,
                    "'" + path + "' is " + kind.description() + ", not a disk image");
        };
    }

    /** A probed backing file with a backing file of its own, under a qcow2 or qcow overlay. */
    public static ChainProblem formatNotRecorded(String backing, String image) {
        return new ChainProblem(ProblemKind.FORMAT_NOT_RECORDED, backing, image, null, null,
                "Requested operation is not valid: format of backing image '" + backing + "' of image '" + image
                        + "' was not specified in the image metadata"
                        + " (See https://libvirt.org/kbase/backing_chains.html for troubleshooting)");
    }

    /** This tool's account may not read a header that libvirt, as root, would read. */
    public static ChainProblem headerUnreadable(String path, String referrer, String format, String reader) {
        return new ChainProblem(ProblemKind.UNREADABLE, path, referrer, null, format, "cannot read the header of '" + path
                + "' as " + reader + ", the account running virt-startup-policy (libvirt reads it as root):"
                + " Permission denied");
    }

    /**
     * A header that breaks a rule of its format, or whose read failed.
     *
     * @param format the format it was read as, or null (or raw) when it was being probed
     * @param reason what is wrong, in the tool's words
     */
    public static ChainProblem corrupt(String path, String referrer, String format, String reason) {
        String as = format == null || format.equals(ImageFormat.RAW.name()) ? "" : format + " ";
        return new ChainProblem(ProblemKind.CORRUPT, path, referrer, null, format,
                "cannot read the " + as + "header of '" + path + "': " + reason);
    }

    /** A pool whose definition this tool's account may not read. */
    public static ChainProblem poolUnknown(String volume, String pool, String why, String reader) {
        return new ChainProblem(ProblemKind.UNREADABLE, volume, null, null, null, "storage pool '" + pool
                + "' cannot be looked up as " + reader + ", the account running virt-startup-policy: " + why
                + " (list it under pools: in the config)");
    }

    public static ChainProblem poolMissing(String volume, String pool) {
        return new ChainProblem(ProblemKind.POOL_MISSING, volume, null, null, null,
                "Storage pool not found: no storage pool with matching name '" + pool + "'");
    }

    public static ChainProblem poolInactive(String volume, String pool, String volumeName) {
        return new ChainProblem(ProblemKind.POOL_INACTIVE, volume, null, null, null, "unsupported configuration: storage pool '"
                + pool + "' containing volume '" + volumeName + "' is not active");
    }

    /** The volume's file is gone behind libvirt's back. */
    public static ChainProblem volumeMissing(String path) {
        return new ChainProblem(ProblemKind.VOLUME_MISSING, path, null, AccessError.ENOENT, null,
                "Storage volume not found: no storage vol with matching path '" + path + "'");
    }

    /**
     * libvirt will not relabel ({@code dynamic_ownership = 0}) and QEMU's own account cannot open
     * an image: libvirt's check passes, QEMU fails.
     */
    public static ChainProblem qemuCannotOpen(String path, String referrer, boolean forWriting, QemuUser qemu) {
        return new ChainProblem(ProblemKind.QEMU_CANNOT_OPEN, path, referrer, null, null, "QEMU's account ("
                + qemu.label() + ") cannot open '" + path + "' for " + (forWriting ? "reading and writing" : "reading")
                + ", and libvirt will not relabel it (dynamic_ownership = 0 in qemu.conf): give that account access to"
                + " the file, or turn dynamic_ownership on");
    }

    /**
     * A top image without backing files behind a folder QEMU's account cannot search: libvirt checks
     * such an image only as root, so its check passes, and QEMU then fails.
     */
    public static ChainProblem qemuCannotReach(String path, QemuUser qemu) {
        return new ChainProblem(ProblemKind.QEMU_CANNOT_OPEN, path, null, AccessError.EACCES, null, "'" + path
                + "' is there, but QEMU's account (" + qemu.label() + ") cannot reach it: a folder on its path does not let"
                + " that account search it. libvirt checks an image without backing files only as root, so its check"
                + " passes and QEMU then fails: Could not open '" + path + "': Permission denied");
    }
}
