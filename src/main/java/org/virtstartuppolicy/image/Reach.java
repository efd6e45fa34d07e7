package org.virtstartuppolicy.image;

/**
 * What QEMU's account finds at a path.
 *
 * @param kind     what the file is, or null when it does not exist or this tool cannot look
 * @param identity device and inode: the same however the path is spelt, so loops are found
 * @param error    why it cannot be reached (libvirt's {@code access(path, F_OK)} as QEMU's uid and
 *                 gid), or null
 * @param readable whether QEMU's account could open it for reading itself, without relabelling
 * @param writable likewise for writing
 */
public record Reach(FileKind kind, String identity, AccessError error, boolean readable, boolean writable) {
    public static Reach failed(AccessError error) {
        return new Reach(null, null, error, false, false);
    }
}
