package org.virtstartuppolicy.evaluation;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.image.CachingHost;
import org.virtstartuppolicy.image.ChainWalker;
import org.virtstartuppolicy.image.DiskInspector;
import org.virtstartuppolicy.image.ImageHost;
import org.virtstartuppolicy.image.LibvirtPools;
import org.virtstartuppolicy.image.LocalHost;
import org.virtstartuppolicy.image.QemuUserLookup;
import org.virtstartuppolicy.image.StoragePool;
import org.virtstartuppolicy.usb.SysfsUsb;
import org.virtstartuppolicy.usb.UsbInventory;

/**
 * How disks are inspected on a host, from its own files with the config on top: QEMU's account,
 * whether libvirt relabels, the storage pools, the chain depth libvirt follows.
 */
public final class HostInspection {
    private HostInspection() {
    }

    public static DiskInspector of(Config config, HostSelection host) {
        QemuUserLookup lookup = new QemuUserLookup(host.fileSystem().resolve("etc"));
        Config.Qemu qemu = config.qemu();
        ImageHost files = new LocalHost(lookup.find(host.asUser(), qemu == null ? null : qemu.uid(),
                qemu == null ? null : qemu.gid()), host.root());
        return new DiskInspector(host.shared() ? new CachingHost(files) : files,
                config.chainDepthLimit() == null ? ChainWalker.DEFAULT_MAX_DEPTH : config.chainDepthLimit(),
                LibvirtPools.read(host.fileSystem()).overriddenBy(pools(config)), lookup.relabels(config.dynamicOwnership()));
    }

    /** The host's USB devices, as libvirt reads them, read again each time they are asked for. */
    public static Supplier<UsbInventory> usb(HostSelection host) {
        SysfsUsb sysfs = new SysfsUsb(host.fileSystem());
        return sysfs::read;
    }

    /** The config's {@code pools}: for a host where libvirt's own pool files cannot be read. */
    static Map<String, StoragePool> pools(Config config) {
        Map<String, StoragePool> pools = new HashMap<>();
        if (config.pools() != null) {
            config.pools().forEach((name, pool) -> pools.put(name, new StoragePool(name, pool.type() == null ? "dir"
                    : pool.type(), pool.path(), pool.active() == null || pool.active(), "the config's pools key")));
        }
        return pools;
    }
}
