package org.virtstartuppolicy.image;

/**
 * What QEMU's account finds at a path.
 *
 * @param kind       what the file is, or null when it does not exist or this tool cannot look
 * @param identity   device and inode: the same however the path is spelt, so loops are found
 * @param error      why it cannot be reached (libvirt's {@code access(path, F_OK)} as QEMU's uid and
 *                   gid), or null
 * @param readable   whether QEMU's account could open it for reading itself, without relabelling
 * @param writable   likewise for writing
 * @param assumption the what-if assumption that decided this answer ({@code --assume-missing
 *                   /mnt/templates/}), or null for the host as it is
 * @param size       a regular file's length in bytes (a raw image's size as the guest sees it), or null
 */
public record Reach(FileKind kind, String identity, AccessError error, boolean readable, boolean writable,
                    String assumption, Long size) {
    public Reach(FileKind kind, String identity, AccessError error, boolean readable, boolean writable) {
        this(kind, identity, error, readable, writable, null, null);
    }

    /** Reached, with the file's length when it is a regular file. */
    public static Reach found(FileKind kind, String identity, boolean readable, boolean writable, Long size) {
        return new Reach(kind, identity, null, readable, writable, null, kind == FileKind.REGULAR ? size : null);
    }

    public static Reach failed(AccessError error) {
        return new Reach(null, null, error, false, false);
    }

    /** Gone, as an assumption says. */
    static Reach assumedMissing(String assumption) {
        return new Reach(null, null, AccessError.ENOENT, false, false, assumption, null);
    }

    /** There, as an assumption says, though the host does not have it: an image the chain ends at. */
    static Reach assumedPresent(String path, String assumption) {
        return new Reach(FileKind.REGULAR, "assumed:" + path, null, true, true, assumption, null);
    }

    /** Whether the file is there only because an assumption says so. */
    boolean assumedThere() {
        return assumption != null && error == null;
    }
}
