package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.virtstartuppolicy.domain.DeclaredBackingStore;
import org.virtstartuppolicy.domain.Device;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.domain.DiskType;

/**
 * Follows a disk's backing chain down to its last file, reading only headers, and stops at the
 * first problem, classified and worded as libvirt words it. An inspector keeps no state between
 * chains, so threads may share one.
 */
public final class ChainInspector {
    /** libvirt's VIR_STORAGE_MAX_CHAIN_DEPTH: a chain may have this many elements. */
    public static final int DEFAULT_MAX_DEPTH = 200;

    private final ImageHost host;
    private final int maxDepth;
    private final StoragePools pools;
    private final boolean relabels;

    public ChainInspector(QemuUser user, int maxDepth, Map<String, StoragePool> pools) {
        this(new LocalHost(user, null), maxDepth, StoragePools.of(pools), true);
    }

    /**
     * @param relabels whether libvirt relabels the images for QEMU before it opens them
     *                 ({@code dynamic_ownership}, on by default); when it does not, QEMU's own
     *                 account must be able to open every image
     */
    public ChainInspector(ImageHost host, int maxDepth, StoragePools pools, boolean relabels) {
        this.host = host;
        this.maxDepth = maxDepth;
        this.pools = pools;
        this.relabels = relabels;
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
        if (disk.isEmpty()) {
            return null;
        }
        DiskType type = DiskType.ofLabel(disk.type());
        if (type == null || !type.isCheckedFromHost()) {
            return null;
        }
        return switch (type) {
            case DIR -> folder(disk.source().path());
            case VOLUME -> volume(disk);
            default -> opened(walk(disk.source().path(), rawUnlessGiven(disk.driverType()), disk.backingStore()),
                    writesTop(disk));
        };
    }

    /** The chain below one image, its format given or else probed, as {@code qemu-img info} does. */
    public BackingChain inspect(String image, String format) {
        return opened(walk(image, format, null), false);
    }

    /** QEMU writes a disk's top image unless the disk is read-only, as every cdrom is. */
    private static boolean writesTop(Disk disk) {
        return !disk.readonly() && Device.ofLabel(disk.device()) != Device.CDROM;
    }

    /**
     * Without relabelling, QEMU opens each image with its own account: the backing files for
     * reading, the top image for writing too when the guest writes it.
     */
    private BackingChain opened(BackingChain chain, boolean writesTop) {
        if (relabels || !chain.isWhole()) {
            return chain;
        }
        for (int i = 0; i < chain.elements().size(); i++) {
            ChainElement element = chain.elements().get(i);
            Reach reach = host.reach(element.path());
            boolean write = i == 0 && writesTop;
            // a whole chain's element that cannot be reached is a network one: QEMU connects to it
            if (reach.error() == null && (!reach.readable() || write && !reach.writable())) {
                return new BackingChain(chain.elements(), new ChainProblem(ProblemKind.QEMU_CANNOT_OPEN,
                        element.path(), i == 0 ? null : chain.elements().get(0).path(),
                        "QEMU's account (" + host.qemu().label() + ") cannot open '" + element.path() + "' for "
                                + (write ? "reading and writing" : "reading") + ", and libvirt will not relabel it"
                                + " (dynamic_ownership = 0 in qemu.conf): give that account access to the file,"
                                + " or turn dynamic_ownership on"));
            }
        }
        return chain;
    }

    /** libvirt takes a disk with no {@code <driver type>} for raw: it never probes a top image. */
    private static String rawUnlessGiven(String format) {
        return format == null ? ImageFormat.RAW.name() : format;
    }

    private BackingChain folder(String path) {
        Walk walk = new Walk(path, ImageFormat.named("dir"), true);
        FileKind kind = walk.visit(path, "dir", null);
        if (kind == null) {
            return walk.result();
        }
        if (kind != FileKind.DIRECTORY) {
            walk.problem = notAnImage(path, null, kind);
            return walk.result();
        }
        return walk.add(ChainElement.withoutBacking(path, "dir")).result();
    }

    /**
     * A volume disk through its pool, as libvirt resolves it: the pool must exist and run, and the
     * volume's path follows from the pool's target path where libvirt's rule is deterministic.
     */
    private BackingChain volume(Disk disk) {
        String poolName = disk.source().pool();
        String volumeName = disk.source().volume();
        String label = disk.source().label();
        StoragePool pool = pools.byName().get(poolName);
        if (pool == null) {
            String why = pools.whyUnknown(poolName);
            return failed(why != null
                    ? new ChainProblem(ProblemKind.UNREADABLE, label, null, "storage pool '" + poolName
                            + "' cannot be looked up as " + host.reader() + ", the account running virt-startup-policy: "
                            + why + " (list it under pools: in the config)")
                    : new ChainProblem(ProblemKind.POOL_MISSING, label, null,
                            "Storage pool not found: no storage pool with matching name '" + poolName + "'"));
        }
        if (!pool.active()) {
            return failed(new ChainProblem(ProblemKind.POOL_INACTIVE, label, null,
                    "unsupported configuration: storage pool '" + poolName + "' containing volume '" + volumeName
                            + "' is not active")).inPool(pool);
        }
        if (pool.isNetwork()) {
            return new BackingChain(List.of(), null, pool, "volume '" + volumeName + "' of " + pool.type()
                    + " pool '" + poolName + "' is a network disk: QEMU reaches it over the network, not checked from the host");
        }
        String path = pool.volumePath(volumeName);
        if (path == null) {
            return new BackingChain(List.of(), null, pool, "the volumes of " + pool.type() + " pool '" + poolName
                    + "' have paths only libvirt's volume list knows: volume '" + volumeName
                    + "' is not checked from the host");
        }
        if (host.reach(path).error() == AccessError.ENOENT) {
            return failed(new ChainProblem(ProblemKind.VOLUME_MISSING, path, null,
                    "Storage volume not found: no storage vol with matching path '" + path + "'")).inPool(pool);
        }
        return opened(walk(path, rawUnlessGiven(disk.driverType()), disk.backingStore()), writesTop(disk)).inPool(pool);
    }

    private static BackingChain failed(ChainProblem problem) {
        return new BackingChain(List.of(), problem);
    }

    /**
     * Checks the top image and any layers the XML declares (present, never probed), then, unless
     * the XML ended the chain with {@code <backingStore/>}, probes headers from the last one down.
     *
     * @param topFormat the top image's format, or null to probe it
     */
    private BackingChain walk(String top, String topFormat, DeclaredBackingStore declared) {
        Walk walk = new Walk(top, ImageFormat.named(topFormat), topFormat != null);
        List<DeclaredBackingStore.Layer> layers = declared == null ? List.of() : declared.layers();
        String path = top;
        ImageFormat format = ImageFormat.named(topFormat);
        String referrer = null;
        for (DeclaredBackingStore.Layer layer : layers) {
            if (walk.visit(path, format.name(), referrer) == null) {
                return walk.result();
            }
            walk.add(ChainElement.withoutBacking(path, format.name()));
            referrer = path;
            path = layer.path();
            format = ImageFormat.named(layer.format());
            if ("network".equals(layer.type())) {
                return walk.add(ChainElement.withoutBacking(path, layer.format())).result();
            }
        }
        FileKind kind = walk.visit(path, format.name(), referrer);
        if (kind == null) {
            return walk.result();
        }
        if (declared != null && declared.terminated()) {
            return walk.add(ChainElement.withoutBacking(path, format.name())).result();
        }
        ByteBuffer header = null;
        if (topFormat == null && kind.holdsImage()) {
            try {
                header = host.header(path);
                format = ImageFormat.probe(header);
            } catch (AccessDeniedException e) {
                // libvirt reads headers as root: judged below as it judges them
            } catch (IOException e) {
                walk.headerFailed(path, format.name(), referrer, e);
                return walk.result();
            }
        }
        return probe(walk, new Next(path, format, kind, header), referrer);
    }

    /** The next element to read: visited and accessible, its format known, its header maybe read already. */
    private record Next(String path, ImageFormat format, FileKind kind, ByteBuffer header) {
    }

    /** Reads each header in turn, from {@code next} down to the end of the chain or the first problem. */
    private BackingChain probe(Walk walk, Next next, String referrer) {
        while (next != null) {
            String path = next.path();
            ImageFormat format = next.format();
            if (!next.kind().holdsImage()) {
                walk.problem = notAnImage(path, referrer, next.kind());
                return walk.result();
            }
            if (!format.supportsBacking()) {
                return walk.add(ChainElement.withoutBacking(path, format.name())).result();
            }
            ImageHeader found;
            BackingName backing;
            try {
                found = format.parser().parse(next.header() != null ? next.header() : host.header(path));
                backing = found.backingName() == null ? null : BackingName.resolve(path, found.backingName());
            } catch (AccessDeniedException e) {
                walk.problem = unreadable(path, referrer);
                return walk.result();
            } catch (IOException e) {
                walk.headerFailed(path, format.name(), referrer, e);
                return walk.result();
            } catch (CorruptHeaderException | RuntimeException e) {
                // a header that defeats a parser is this image's problem, never the end of a batch
                walk.problem = new ChainProblem(ProblemKind.CORRUPT, path, referrer, "cannot read the " + format.name()
                        + " header of '" + path + "': " + (e instanceof RuntimeException ? "unexpected "
                        + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) : e.getMessage()));
                return walk.result();
            }
            String dataFile = found.dataFile() == null ? null : BackingName.join(path, found.dataFile());
            walk.add(new ChainElement(path, format.name(), found.backingName(), backing == null ? null : backing.path(),
                    found.backingFormat(), dataFile, true));
            if (dataFile != null && !walk.checkDataFile(dataFile, path)) {
                return walk.result();
            }
            next = backing == null ? null : follow(walk, backing, found.backingFormat(), path, format);
            referrer = path;
        }
        return walk.result();
    }

    /**
     * Visits the backing file of {@code image} and settles its format: the recorded one, or a
     * probed one. Under qcow2 and qcow, libvirt trusts a probed format only for an image with no
     * backing file of its own; under qed it follows the probed image's chain.
     *
     * @return the next element to read, or null when the chain ends here (a network element, or a problem)
     */
    private Next follow(Walk walk, BackingName backing, String recordedFormat, String image, ImageFormat imageFormat) {
        String formatName = recordedFormat != null ? recordedFormat : backing.format();
        if (backing.network()) {
            if (formatName == null) {
                walk.problem = formatNotRecorded(backing.path(), image);
            } else {
                walk.add(ChainElement.withoutBacking(backing.path(), formatName));
            }
            return null;
        }
        FileKind kind = walk.visit(backing.path(), formatName, image);
        if (kind == null) {
            return null;
        }
        if (formatName != null || !kind.holdsImage()) {
            return new Next(backing.path(), ImageFormat.named(formatName), kind, null);
        }
        try {
            ByteBuffer header = host.header(backing.path());
            ImageFormat probed = ImageFormat.probe(header);
            if (imageFormat.refusesProbedChains() && probed.supportsBacking()
                    && probed.parser().parse(header).backingName() != null) {
                walk.problem = formatNotRecorded(backing.path(), image);
                return null;
            }
            return new Next(backing.path(), probed, kind, header);
        } catch (AccessDeniedException e) {
            walk.problem = unreadable(backing.path(), image);
            return null;
        } catch (IOException e) {
            walk.headerFailed(backing.path(), formatName, image, e);
            return null;
        } catch (CorruptHeaderException | RuntimeException e) {
            // what cannot be probed is raw, as libvirt takes it; reading it again reports why
            return new Next(backing.path(), ImageFormat.RAW, kind, null);
        }
    }

    private static ChainProblem formatNotRecorded(String backing, String image) {
        return new ChainProblem(ProblemKind.FORMAT_NOT_RECORDED, backing, image,
                "Requested operation is not valid: format of backing image '" + backing + "' of image '" + image
                        + "' was not specified in the image metadata"
                        + " (See https://libvirt.org/kbase/backing_chains.html for troubleshooting)");
    }

    private static ChainProblem notAnImage(String path, String referrer, FileKind kind) {
        return new ChainProblem(ProblemKind.NOT_AN_IMAGE, path, referrer,
                "'" + path + "' is " + kind.description + ", not a disk image");
    }

    private ChainProblem unreadable(String path, String referrer) {
        return new ChainProblem(ProblemKind.UNREADABLE, path, referrer, "cannot read the header of '" + path
                + "' as " + host.reader() + ", the account running virt-startup-policy (libvirt reads it as root):"
                + " Permission denied");
    }

    /** One chain being followed: its elements so far, the real paths seen, and the problem if any. */
    private final class Walk {
        private final String top;
        private final ImageFormat topFormat;
        private final List<ChainElement> elements = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private ChainProblem problem;
        /** A top image without backing support that QEMU's account cannot reach, though libvirt's check passes. */
        private String unreachableTop;
        /** Whether libvirt checks the top image as root: its format is given and has no backing files. */
        private final boolean topCheckedAsRoot;

        /** @param given whether the top format is given (a domain's driver type), not to be probed */
        Walk(String top, ImageFormat topFormat, boolean given) {
            this.top = top;
            this.topFormat = topFormat;
            this.topCheckedAsRoot = given && !topFormat.supportsBacking();
        }

        Walk add(ChainElement element) {
            elements.add(element);
            return this;
        }

        BackingChain result() {
            if (problem == null && unreachableTop != null) {
                return new BackingChain(elements, new ChainProblem(ProblemKind.QEMU_CANNOT_OPEN, unreachableTop, null,
                        "'" + unreachableTop + "' is there, but QEMU's account (" + host.qemu().label() + ") cannot reach"
                                + " it: a folder on its path does not let that account search it. libvirt checks an image"
                                + " without backing files only as root, so its check passes and QEMU then fails: Could not"
                                + " open '" + unreachableTop + "': Permission denied"));
            }
            return new BackingChain(elements, problem);
        }

        /**
         * Checks that {@code path} may become the next element.
         *
         * @return what the file is, or null after setting {@link #problem}
         */
        FileKind visit(String path, String format, String referrer) {
            if (elements.size() >= maxDepth) {
                problem = new ChainProblem(ProblemKind.TOO_DEEP, path, referrer, selfReferential());
                return null;
            }
            Reach outcome = host.reach(path);
            if (outcome.error() == AccessError.EACCES && referrer == null && topCheckedAsRoot && outcome.kind() != null) {
                // libvirt checks such a top image as root (present), relabels it, and QEMU cannot reach it
                unreachableTop = path;
                seen.add(outcome.identity());
                return outcome.kind();
            }
            if (outcome.error() == AccessError.UNSEEN) {
                problem = new ChainProblem(ProblemKind.UNREADABLE, path, referrer, "cannot look at '" + path + "' as "
                        + host.reader() + ", the account running virt-startup-policy, so whether QEMU's account ("
                        + host.qemu().label() + ") can reach it is unknown: Permission denied");
                elements.add(ChainElement.absent(path, format));
                return null;
            }
            if (outcome.error() != null) {
                problem = new ChainProblem(outcome.error().kind, path, referrer,
                        cannotAccess(path, referrer, outcome.error().text));
                elements.add(ChainElement.absent(path, format));
                return null;
            }
            if (!seen.add(outcome.identity())) {
                problem = new ChainProblem(ProblemKind.LOOP, path, referrer, selfReferential());
                return null;
            }
            return outcome.kind();
        }

        /**
         * A header that could not be read although the file was there a moment before: it is judged
         * again as it is now (gone, a folder, …), else the read's own error is its problem.
         */
        void headerFailed(String path, String format, String referrer, IOException e) {
            Reach now = host.reach(path);
            if (now.error() != null) {
                problem = new ChainProblem(now.error().kind, path, referrer, cannotAccess(path, referrer, now.error().text));
                elements.add(ChainElement.absent(path, format));
            } else if (now.kind() != null && !now.kind().holdsImage()) {
                problem = notAnImage(path, referrer, now.kind());
            } else {
                problem = new ChainProblem(ProblemKind.CORRUPT, path, referrer, "cannot read the "
                        + (format == null || format.equals(ImageFormat.RAW.name()) ? "" : format + " ") + "header of '"
                        + path + "': " + (e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                        : e.getMessage()));
            }
        }

        boolean checkDataFile(String dataFile, String image) {
            Reach outcome = host.reach(dataFile);
            if (outcome.error() != null) {
                problem = new ChainProblem(outcome.error().kind, dataFile, image,
                        "Cannot access data file '" + dataFile + "' of storage file '" + image + "' (as "
                                + host.qemu().label() + "): " + outcome.error().text);
            }
            return problem == null;
        }

        private String cannotAccess(String path, String referrer, String error) {
            if (referrer != null) {
                return "Cannot access backing file '" + path + "' of storage file '" + top + "' (as "
                        + host.qemu().label() + "): " + error;
            }
            if (topFormat.supportsBacking()) {
                return "Cannot access storage file '" + path + "' (as " + host.qemu().label() + "): " + error;
            }
            return "Cannot access storage file '" + path + "': " + error;
        }

        private String selfReferential() {
            return "internal error: backing store for " + top + " is self-referential or too deeply nested";
        }
    }
}
