package org.virtstartuppolicy.image;

/**
 * Why a disk or an element of its chain cannot be used. Each counts as "missing" for
 * startupPolicy, except {@link #QEMU_CANNOT_OPEN}, which libvirt's check does not see, and
 * {@link #WOULD_BLOCK}, where libvirt's check does not end at all.
 */
public enum ProblemKind {
    MISSING("missing"),
    PERMISSION_DENIED("permission-denied"),
    LOOP("loop"),
    TOO_DEEP("too-deep"),
    CORRUPT("corrupt"),
    FORMAT_NOT_RECORDED("format-not-recorded"),
    NOT_AN_IMAGE("not-an-image"),
    POOL_MISSING("pool-missing"),
    POOL_INACTIVE("pool-inactive"),
    VOLUME_MISSING("volume-missing"),
    /** This tool's own account could not look at or read a file that libvirt, as root, would. */
    UNREADABLE("unreadable"),
    /**
     * libvirt's check passes, but QEMU's account cannot open an image: libvirt does not relabel
     * ({@code dynamic_ownership = 0}), or a raw top image is behind a folder that account cannot
     * search (libvirt checks such an image only as root). QEMU fails after libvirt's check.
     */
    QEMU_CANNOT_OPEN("qemu-cannot-open"),
    /**
     * A FIFO where libvirt opens an image: libvirt 9.0 blocks reading it (and libvirtd with it, for
     * every client) until something opens it for writing; no startupPolicy applies.
     */
    WOULD_BLOCK("would-block");

    private final String label;

    ProblemKind(String label) {
        this.label = label;
    }

    /** Whether libvirt's startupPolicy check finds it, so that the policy decides what happens. */
    public boolean isMissing() {
        return this != QEMU_CANNOT_OPEN && this != WOULD_BLOCK;
    }

    /** The name users and rules see, e.g. {@code permission-denied}. */
    public String label() {
        return label;
    }
}
