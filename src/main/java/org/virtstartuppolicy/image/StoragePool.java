package org.virtstartuppolicy.image;

import java.util.Set;

/**
 * A libvirt storage pool, as far as a volume disk's check needs it.
 *
 * @param type   libvirt's pool type: dir, fs, netfs, logical, rbd, iscsi, …
 * @param path   the pool's target path (its folder, or /dev/VG for logical), or null
 * @param active whether the pool runs, so that its volumes can be used
 * @param source where these facts came from: libvirt's pool file, or the config
 */
public record StoragePool(String name, String type, String path, boolean active, String source) {
    /** Pool types whose volumes are files or devices named by the target path and the volume's name. */
    private static final Set<String> PATH_TYPES = Set.of("dir", "fs", "netfs", "logical");
    /** Pool types whose volumes QEMU reaches over the network: libvirt makes them network disks. */
    private static final Set<String> NETWORK_TYPES = Set.of("rbd", "gluster", "iscsi-direct", "sheepdog");

    /** The volume's path where libvirt's rule is deterministic, else null. */
    public String volumePath(String volume) {
        if (!PATH_TYPES.contains(type) || path == null) {
            return null;
        }
        return (path.endsWith("/") ? path : path + "/") + volume;
    }

    public boolean isNetwork() {
        return NETWORK_TYPES.contains(type);
    }

    /** One line for reports: {@code default (dir, /var/lib/libvirt/images, active; from /etc/libvirt/storage/default.xml)}. */
    public String describe() {
        return name + " (" + type + (path == null ? "" : ", " + path) + ", " + (active ? "active" : "not active")
                + "; from " + source + ")";
    }
}
