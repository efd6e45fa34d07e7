package org.virtstartuppolicy.image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.domain.Device;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.domain.DiskType;

/**
 * What a start checks of one disk, as libvirt checks it: which chain to follow (a folder, a volume
 * through its pool, or a file or device), and, where libvirt does not relabel images for QEMU,
 * whether QEMU's own account can open them. Keeps no state between disks, so threads may share one.
 */
public final class DiskInspector {
    private final ImageHost host;
    private final ChainWalker walker;
    private final StoragePools pools;
    private final boolean relabels;

    /**
     * @param relabels whether libvirt relabels the images for QEMU before it opens them
     *                 ({@code dynamic_ownership}, on by default); when it does not, QEMU's own
     *                 account must be able to open every image
     */
    public DiskInspector(ImageHost host, int maxDepth, StoragePools pools, boolean relabels) {
        this.host = host;
        this.walker = new ChainWalker(host, maxDepth);
        this.pools = pools;
        this.relabels = relabels;
    }

    /** The same inspection on the host as it would be with these files gone or there: a what-if. */
    public DiskInspector assuming(Assumptions assumptions) {
        return assumptions.isEmpty() ? this : new DiskInspector(new AssumedHost(host, assumptions), walker.maxDepth(), pools,
                relabels);
    }

    /**
     * The image files in a folder (regular files QEMU's account may reach, and block devices), by
     * name; none when it cannot be listed.
     */
    public List<String> imagesIn(String folder) {
        List<String> images = new ArrayList<>();
        try {
            for (String name : host.list(folder)) {
                String path = (folder.endsWith("/") ? folder : folder + "/") + name;
                FileKind kind = host.reach(path).kind();
                if (kind != null && kind.holdsImage()) {
                    images.add(path);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return images;
    }

    /** The storage pools volume disks are looked up in. */
    public StoragePools pools() {
        return pools;
    }

    /** The account whose access is judged. */
    public QemuUser qemu() {
        return host.qemu();
    }

    /** The disk's chain, or null when libvirt checks nothing (an empty medium, a network source). */
    public BackingChain inspect(Disk disk) {
        DiskType type = DiskType.ofLabel(disk.type());
        if (disk.isEmpty() || type == null || !type.isCheckedFromHost()) {
            return null;
        }
        return switch (type) {
            case DIR -> walker.folder(disk.source().path());
            case VOLUME -> volume(disk);
            default -> opened(walker.walk(disk.source().path(), rawUnlessGiven(disk.driverType()), disk.backingStore()),
                    writesTop(disk));
        };
    }

    /** The chain below one image, its format given or else probed, as {@code qemu-img info} does. */
    public BackingChain inspect(String image, String format) {
        return opened(walker.walk(image, format, null), false);
    }

    private BackingChain volume(Disk disk) {
        VolumeLookup volume = VolumeLookup.of(pools, disk.source().pool(), disk.source().volume(), host);
        if (volume.path() == null) {
            return new BackingChain(List.of(), volume.problem(), volume.pool(), volume.notChecked());
        }
        return opened(walker.walk(volume.path(), rawUnlessGiven(disk.driverType()), disk.backingStore()), writesTop(disk))
                .inPool(volume.pool());
    }

    /** The QEMU-can-open pass where libvirt does not relabel, and where a missing file went. */
    private BackingChain opened(BackingChain chain, boolean writesTop) {
        BackingChain checked = relabels ? chain : QemuOpenCheck.of(chain, writesTop, host);
        ChainProblem searched = MissingFileSearch.of(checked.problem(), checked, pools, host);
        return searched == checked.problem() ? checked
                : new BackingChain(checked.elements(), searched, checked.pool(), checked.notChecked());
    }

    /** QEMU writes a disk's top image unless the disk is read-only, as every cdrom is. */
    private static boolean writesTop(Disk disk) {
        return !disk.readonly() && Device.ofLabel(disk.device()) != Device.CDROM;
    }

    /** libvirt takes a disk with no {@code <driver type>} for raw: it never probes a top image. */
    private static String rawUnlessGiven(String format) {
        return format == null ? ImageFormat.RAW.name() : format;
    }
}
