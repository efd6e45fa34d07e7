package org.virtstartuppolicy.image;

/**
 * A volume disk's source through its storage pool, as libvirt resolves it: the pool must exist
 * and run, and the volume's path follows from the pool's target path where libvirt's rule is
 * deterministic.
 *
 * @param pool       the pool the volume was looked up in, or null when it was not found
 * @param path       the volume's file, or null when there is none to check
 * @param problem    why the volume cannot be used, or null
 * @param notChecked why the host does not check the volume at all, or null
 */
record VolumeLookup(StoragePool pool, String path, ChainProblem problem, String notChecked) {

    static VolumeLookup of(StoragePools pools, String poolName, String volumeName, ImageHost host) {
        String label = poolName + "/" + volumeName;
        StoragePool pool = pools.byName().get(poolName);
        if (pool == null) {
            String why = pools.whyUnknown(poolName);
            return new VolumeLookup(null, null, why != null ? LibvirtMessages.poolUnknown(label, poolName, why, host.reader())
                    : LibvirtMessages.poolMissing(label, poolName), null);
        }
        if (!pool.active()) {
            return new VolumeLookup(pool, null, LibvirtMessages.poolInactive(label, poolName, volumeName), null);
        }
        if (pool.isNetwork()) {
            return new VolumeLookup(pool, null, null, "volume '" + volumeName + "' of " + pool.type() + " pool '" + poolName
                    + "' is a network disk: QEMU reaches it over the network, not checked from the host");
        }
        String path = pool.volumePath(volumeName);
        if (path == null) {
            return new VolumeLookup(pool, null, null, "the volumes of " + pool.type() + " pool '" + poolName
                    + "' have paths only libvirt's volume list knows: volume '" + volumeName + "' is not checked from the host");
        }
        Reach reach = host.reach(path);
        if (reach.error() == AccessError.ENOENT) {
            return new VolumeLookup(pool, null, LibvirtMessages.volumeMissing(path).assumedBy(reach.assumption()), null);
        }
        return new VolumeLookup(pool, path, null, null);
    }
}
