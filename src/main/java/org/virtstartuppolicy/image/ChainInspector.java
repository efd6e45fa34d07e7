package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.virtstartuppolicy.domain.DeclaredBackingStore;
import org.virtstartuppolicy.domain.Disk;

/**
 * Follows a disk's backing chain down to its last file, reading only headers, and stops at the
 * first problem, classified and worded as libvirt words it.
 */
public final class ChainInspector {
    /** libvirt's VIR_STORAGE_MAX_CHAIN_DEPTH: a chain may have this many elements. */
    public static final int DEFAULT_MAX_DEPTH = 200;

    private final QemuUser user;
    private final FileAccess access;
    private final int maxDepth;
    private final Map<String, StoragePool> pools;
    private final Path root;

    public ChainInspector(QemuUser user, int maxDepth, Map<String, StoragePool> pools) {
        this(user, maxDepth, pools, null);
    }

    /**
     * @param root where the host's file system is mounted (every absolute path is looked up
     *             under it, messages still show the host's paths), or null for this machine's own
     */
    public ChainInspector(QemuUser user, int maxDepth, Map<String, StoragePool> pools, Path root) {
        this.user = user;
        this.access = new FileAccess(user);
        this.maxDepth = maxDepth;
        this.pools = Map.copyOf(pools);
        this.root = root;
    }

    /** Where a path of the host is on this machine. */
    private Path onHost(String path) {
        return root != null && path.startsWith("/") ? root.resolve(path.substring(1)) : Path.of(path);
    }

    /** The disk's chain, or null when libvirt checks nothing (an empty medium, a network source). */
    public BackingChain inspect(Disk disk) {
        if (disk.isEmpty()) {
            return null;
        }
        return switch (disk.type()) {
            case "file", "block" -> walk(disk.source().path(), disk.driverType(), disk.backingStore());
            case "dir" -> folder(disk.source().path());
            case "volume" -> volume(disk);
            default -> null;
        };
    }

    /** The chain below one image, its format given or else raw. */
    public BackingChain inspect(String image, String format) {
        return walk(image, format, null);
    }

    private BackingChain folder(String path) {
        Walk walk = new Walk(path, ImageFormat.named("dir"));
        FileKind kind = walk.visit(path, null);
        if (walk.problem == null && kind != FileKind.DIRECTORY) {
            walk.problem = notAnImage(path, null, kind);
        }
        return walk.problem != null ? walk.result() : walk.add(ChainElement.withoutBacking(path, "dir")).result();
    }

    private BackingChain volume(Disk disk) {
        String poolName = disk.source().pool();
        String volumeName = disk.source().volume();
        String label = disk.source().label();
        StoragePool pool = pools.get(poolName);
        if (pool == null) {
            return failed(new ChainProblem(ProblemKind.POOL_MISSING, label, null,
                    "Storage pool not found: no storage pool with matching name '" + poolName + "'"));
        }
        if (!pool.active()) {
            return failed(new ChainProblem(ProblemKind.POOL_INACTIVE, label, null,
                    "storage pool '" + poolName + "' containing volume '" + volumeName + "' is not active"));
        }
        String path = BackingName.resolve(pool.path().endsWith("/") ? pool.path() : pool.path() + "/", volumeName);
        if (access.check(onHost(path)).error() == FileAccess.Errno.ENOENT) {
            return failed(new ChainProblem(ProblemKind.VOLUME_MISSING, path, null,
                    "Storage volume not found: no storage vol with matching name '" + volumeName + "'"));
        }
        return walk(path, disk.driverType(), disk.backingStore());
    }

    private static BackingChain failed(ChainProblem problem) {
        return new BackingChain(List.of(), problem);
    }

    /**
     * Checks the top image and any layers the XML declares (present, never probed), then, unless
     * the XML ended the chain with {@code <backingStore/>}, probes headers from the last one down.
     */
    private BackingChain walk(String top, String topFormat, DeclaredBackingStore declared) {
        Walk walk = new Walk(top, ImageFormat.named(topFormat));
        List<DeclaredBackingStore.Layer> layers = declared == null ? List.of() : declared.layers();
        String path = top;
        String format = topFormat;
        String referrer = null;
        for (DeclaredBackingStore.Layer layer : layers) {
            walk.visit(path, referrer);
            if (walk.problem != null) {
                return walk.result();
            }
            walk.add(ChainElement.withoutBacking(path, ImageFormat.named(format).name()));
            referrer = path;
            path = layer.path();
            format = layer.format();
            if ("network".equals(layer.type())) {
                return walk.add(ChainElement.withoutBacking(path, format)).result();
            }
        }
        FileKind kind = walk.visit(path, referrer);
        if (walk.problem != null) {
            return walk.result();
        }
        if (declared != null && declared.terminated()) {
            return walk.add(ChainElement.withoutBacking(path, ImageFormat.named(format).name())).result();
        }
        return probe(walk, path, ImageFormat.named(format), referrer, kind);
    }

    /** Reads each header in turn; {@code path} has been visited and found accessible. */
    private BackingChain probe(Walk walk, String path, ImageFormat format, String referrer, FileKind kind) {
        ByteBuffer header = null;
        while (true) {
            if (!kind.holdsImage()) {
                walk.problem = notAnImage(path, referrer, kind);
                return walk.result();
            }
            if (!format.supportsBacking()) {
                return walk.add(ChainElement.withoutBacking(path, format.name())).result();
            }
            ImageHeader found;
            try {
                header = header != null ? header : readHeader(path);
                found = format.parser().parse(header);
            } catch (CorruptHeaderException | IOException e) {
                walk.problem = new ChainProblem(ProblemKind.CORRUPT, path, referrer,
                        "cannot read the " + format.name() + " header of '" + path + "': " + e.getMessage());
                return walk.result();
            }
            String dataFile = found.dataFile() == null ? null : BackingName.resolve(path, found.dataFile());
            walk.add(new ChainElement(path, format.name(), found.backingName(), found.backingFormat(), dataFile));
            if (dataFile != null && !walk.checkDataFile(dataFile, path)) {
                return walk.result();
            }
            if (found.backingName() == null) {
                return walk.result();
            }
            if (BackingName.isProtocol(found.backingName())) {
                if (found.backingFormat() == null) {
                    walk.problem = formatNotRecorded(found.backingName(), path);
                    return walk.result();
                }
                return walk.add(ChainElement.withoutBacking(found.backingName(), found.backingFormat())).result();
            }
            String next = BackingName.resolve(path, found.backingName());
            kind = walk.visit(next, path);
            if (walk.problem != null) {
                return walk.result();
            }
            header = null;
            if (found.backingFormat() != null) {
                format = ImageFormat.named(found.backingFormat());
            } else {
                // An unrecorded format is probed, but only a last element may be guessed safely.
                try {
                    header = kind.holdsImage() ? readHeader(next) : null;
                    format = header == null ? ImageFormat.RAW : ImageFormat.probe(header);
                    if (format.supportsBacking() && format.parser().parse(header).backingName() != null) {
                        walk.problem = formatNotRecorded(next, path);
                        return walk.result();
                    }
                } catch (CorruptHeaderException | IOException e) {
                    format = ImageFormat.RAW;
                    header = null;
                }
            }
            referrer = path;
            path = next;
        }
    }

    private static ChainProblem formatNotRecorded(String backing, String image) {
        return new ChainProblem(ProblemKind.FORMAT_NOT_RECORDED, backing, image,
                "format of backing image '" + backing + "' of image '" + image
                        + "' was not specified in the image metadata"
                        + " (See https://libvirt.org/kbase/backing_chains.html for troubleshooting)");
    }

    private static ChainProblem notAnImage(String path, String referrer, FileKind kind) {
        return new ChainProblem(ProblemKind.NOT_AN_IMAGE, path, referrer,
                "'" + path + "' is " + kind.description + ", not a disk image");
    }

    /** The first bytes of an image, at most {@link ImageFormat#HEADER_BYTES}, however long the file. */
    private ByteBuffer readHeader(String path) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(ImageFormat.HEADER_BYTES);
        try (SeekableByteChannel channel = Files.newByteChannel(onHost(path))) {
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading: a channel may return fewer bytes than asked
            }
        }
        return buffer.flip();
    }

    /** One chain being followed: its elements so far, the real paths seen, and the problem if any. */
    private final class Walk {
        private final String top;
        private final ImageFormat topFormat;
        private final List<ChainElement> elements = new ArrayList<>();
        private final Set<Path> seen = new HashSet<>();
        private ChainProblem problem;

        Walk(String top, ImageFormat topFormat) {
            this.top = top;
            this.topFormat = topFormat;
        }

        Walk add(ChainElement element) {
            elements.add(element);
            return this;
        }

        BackingChain result() {
            return new BackingChain(elements, problem);
        }

        /** Checks that {@code path} may become the next element; sets {@link #problem} when not. */
        FileKind visit(String path, String referrer) {
            if (elements.size() >= maxDepth) {
                problem = new ChainProblem(ProblemKind.TOO_DEEP, path, referrer, selfReferential());
                return null;
            }
            FileAccess.Outcome outcome = access.check(onHost(path));
            if (outcome.error() != null) {
                problem = new ChainProblem(outcome.error().kind, path, referrer,
                        cannotAccess(path, referrer, outcome.error().text));
                return null;
            }
            if (!seen.add(realPath(path))) {
                problem = new ChainProblem(ProblemKind.LOOP, path, referrer, selfReferential());
                return null;
            }
            return outcome.kind();
        }

        boolean checkDataFile(String dataFile, String image) {
            FileAccess.Outcome outcome = access.check(onHost(dataFile));
            if (outcome.error() != null) {
                problem = new ChainProblem(outcome.error().kind, dataFile, image,
                        "Cannot access data file '" + dataFile + "' of storage file '" + image + "' (as "
                                + user.label() + "): " + outcome.error().text);
            }
            return problem == null;
        }

        private String cannotAccess(String path, String referrer, String error) {
            if (referrer != null) {
                return "Cannot access backing file '" + path + "' of storage file '" + top + "' (as "
                        + user.label() + "): " + error;
            }
            if (topFormat.supportsBacking()) {
                return "Cannot access storage file '" + path + "' (as " + user.label() + "): " + error;
            }
            return "Cannot access storage file '" + path + "': " + error;
        }

        private String selfReferential() {
            return "backing store for " + top + " is self-referential or too deeply nested";
        }
    }

    private Path realPath(String path) {
        try {
            return onHost(path).toRealPath();
        } catch (IOException e) {
            return onHost(path).toAbsolutePath().normalize();
        }
    }
}
