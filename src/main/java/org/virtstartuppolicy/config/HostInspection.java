package org.virtstartuppolicy.config;

import java.nio.file.Path;
import org.virtstartuppolicy.image.ChainInspector;
import org.virtstartuppolicy.image.LibvirtPools;
import org.virtstartuppolicy.image.LocalHost;

/**
 * The one place where a host's inspection is put together, for every command and the scenario
 * runner alike: QEMU's account, whether libvirt relabels, and the storage pools, from the host's
 * own files with the config on top.
 */
public final class HostInspection {
    private HostInspection() {
    }

    /**
     * @param root   where the host's file system is mounted, or null for this machine's own
     * @param asUser {@code UID:GID} to judge access for instead of QEMU's account, or null
     */
    public static ChainInspector of(Config settings, Path root, String asUser) {
        Path host = root == null ? Path.of("/") : root;
        QemuUserLookup lookup = new QemuUserLookup(host.resolve("etc"));
        return new ChainInspector(new LocalHost(lookup.find(asUser, settings), root), settings.maxChainDepth(),
                LibvirtPools.read(host).overriddenBy(settings.storagePools()), lookup.relabels(settings));
    }
}
