package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.virtstartuppolicy.domain.DeclaredBackingStore;

/**
 * Follows a backing chain down to its last file as libvirt does before a start, reading only
 * headers, and stops at the first failure. A pure function of what the {@link ImageHost}
 * answers: it keeps no state between chains, so threads may share one.
 */
public final class ChainWalker {
    /** libvirt's VIR_STORAGE_MAX_CHAIN_DEPTH: a chain may have this many elements. */
    public static final int DEFAULT_MAX_DEPTH = 200;

    private final ImageHost host;
    private final int maxDepth;

    public ChainWalker(ImageHost host, int maxDepth) {
        this.host = host;
        this.maxDepth = maxDepth;
    }

    /** The most elements a chain may have. */
    int maxDepth() {
        return maxDepth;
    }

    /** A {@code type='dir'} disk: the folder must be there, and is the whole chain. */
    public BackingChain folder(String path) {
        Walk walk = new Walk(path, ImageFormat.named("dir"), true);
        Visit visit = walk.visit(path, "dir", null);
        if (visit.problem() != null) {
            return walk.broken(visit);
        }
        if (visit.kind() != FileKind.DIRECTORY) {
            return walk.broken(LibvirtMessages.notAnImage(path, null, visit.kind()));
        }
        return walk.add(ChainElement.withoutBacking(path, "dir")).whole();
    }

    /**
     * The chain below {@code top}: the top image and any layers the XML declares (present, never
     * probed), then, unless the XML ended the chain with {@code <backingStore/>}, each header in
     * turn from the last of them down.
     *
     * @param topFormat the top image's format, or null to probe it
     * @param declared  the {@code <backingStore>} chain the XML writes, or null
     */
    public BackingChain walk(String top, String topFormat, DeclaredBackingStore declared) {
        Walk walk = new Walk(top, ImageFormat.named(topFormat), topFormat != null);
        String path = top;
        ImageFormat format = ImageFormat.named(topFormat);
        String referrer = null;
        for (DeclaredBackingStore.Layer layer : declared == null ? List.<DeclaredBackingStore.Layer>of() : declared.layers()) {
            Visit visit = walk.visit(path, format.name(), referrer);
            if (visit.problem() != null) {
                return walk.broken(visit);
            }
            walk.add(ChainElement.withoutBacking(path, format.name()));
            referrer = path;
            path = layer.path();
            format = ImageFormat.named(layer.format());
            if ("network".equals(layer.type())) {
                ChainProblem full = walk.full(path, referrer);
                return full != null ? walk.broken(full) : walk.add(ChainElement.withoutBacking(path, layer.format())).whole();
            }
        }
        Visit visit = walk.visit(path, format.name(), referrer);
        if (visit.problem() != null) {
            return walk.broken(visit);
        }
        if (declared != null && declared.terminated() || visit.assumed()) {
            return walk.add(ChainElement.withoutBacking(path, format.name())).whole();
        }
        ByteBuffer header = null;
        if (topFormat == null && visit.kind().holdsImage()) {
            try {
                header = host.header(path);
                format = ImageFormat.probe(header);
            } catch (AccessDeniedException e) {
                // libvirt reads headers as root: judged below, when the header is needed
            } catch (IOException e) {
                return walk.broken(walk.headerFailed(path, format.name(), referrer, e));
            }
        }
        return walk.down(new Next(path, format, visit.kind(), header, visit.size()), referrer);
    }

    /**
     * What {@link Walk#visit} found: the file's kind, or the problem that ends the chain there.
     *
     * @param assumed the file is there only as a what-if assumes: the chain ends with it
     */
    private record Visit(FileKind kind, ChainProblem problem, boolean absent, boolean assumed, Long size) {
        Visit(FileKind kind, ChainProblem problem, boolean absent) {
            this(kind, problem, absent, false, null);
        }

        static Visit found(Reach reach) {
            return new Visit(reach.kind(), null, false, false, reach.size());
        }
    }

    /**
     * The next element to read: visited and accessible, its format known, its header maybe read already.
     *
     * @param size the file's length, or null (not a regular file)
     */
    private record Next(String path, ImageFormat format, FileKind kind, ByteBuffer header, Long size) {
    }

    /** What follows an image: the next element to read, the end of a whole chain, or the problem there. */
    private record Step(Next next, ChainProblem problem, boolean absent) {
        static final Step END = new Step(null, null, false);
    }

    /** One chain being followed: its elements so far and the files already passed through. */
    private final class Walk {
        private final String top;
        private final ImageFormat topFormat;
        /** Whether libvirt checks the top image as root: its format is given and has no backing files. */
        private final boolean topCheckedAsRoot;
        private final List<ChainElement> elements = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();
        /** A top image QEMU's account cannot reach although libvirt's check (as root) passes. */
        private boolean topUnreachable;

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

        BackingChain whole() {
            return new BackingChain(elements, topUnreachable ? LibvirtMessages.qemuCannotReach(top, host.qemu()) : null);
        }

        BackingChain broken(ChainProblem problem) {
            return new BackingChain(elements, problem);
        }

        /** The chain ends at a file that failed; one that cannot be reached is its last, absent element. */
        BackingChain broken(Visit visit) {
            if (visit.absent()) {
                elements.add(ChainElement.absent(visit.problem().path()));
            }
            return broken(visit.problem());
        }

        /** Reads each header in turn, from {@code next} down to the end of the chain or the first problem. */
        BackingChain down(Next next, String referrer) {
            while (next != null) {
                Step step = after(next, referrer);
                if (step.problem() != null) {
                    if (step.absent()) {
                        elements.add(ChainElement.absent(step.problem().path()));
                    }
                    return broken(step.problem());
                }
                referrer = next.path();
                next = step.next();
            }
            return whole();
        }

        /** Reads one image's header, adds the image, and visits what it refers to. */
        private Step after(Next image, String referrer) {
            String path = image.path();
            ImageFormat format = image.format();
            if (!image.kind().holdsImage()) {
                return new Step(null, LibvirtMessages.notAnImage(path, referrer, image.kind()), false);
            }
            if (!format.supportsBacking()) {
                // a raw image is as large as its file, as qemu-img reports it
                add(format == ImageFormat.RAW ? ChainElement.raw(path, image.size())
                        : ChainElement.withoutBacking(path, format.name()));
                return Step.END;
            }
            ImageHeader found;
            BackingName backing;
            try {
                found = format.parser().parse(image.header() != null ? image.header() : host.header(path));
                backing = found.backingName() == null ? null : BackingName.resolve(path, found.backingName());
            } catch (AccessDeniedException e) {
                return new Step(null, LibvirtMessages.headerUnreadable(path, referrer, format.name(), host.reader()), false);
            } catch (IOException e) {
                return new Step(null, headerFailed(path, format.name(), referrer, e), false);
            } catch (CorruptHeaderException e) {
                return new Step(null, LibvirtMessages.corrupt(path, referrer, format.name(), e.getMessage()), false);
            }
            String dataFile = found.dataFile() == null ? null : BackingName.join(path, found.dataFile());
            add(new ChainElement(path, format.name(), found.backingName(), backing == null ? null : backing.path(),
                    found.backingFormat(), dataFile, true, found.virtualSize()));
            if (dataFile != null) {
                Reach reach = host.reach(dataFile);
                if (reach.error() != null) {
                    return new Step(null, LibvirtMessages.dataFileInaccessible(dataFile, path, reach.error(), host.qemu())
                            .assumedBy(reach.assumption()), false);
                }
            }
            return backing == null ? Step.END : follow(backing, found.backingFormat(), path, format);
        }

        /**
         * Visits the backing file of {@code image} and settles its format: the recorded one, or a
         * probed one. Under qcow2 and qcow, libvirt trusts a probed format only for an image with no
         * backing file of its own; under qed it follows the probed image's chain.
         */
        private Step follow(BackingName backing, String recordedFormat, String image, ImageFormat imageFormat) {
            String formatName = recordedFormat != null ? recordedFormat : backing.format();
            if (backing.network()) {
                if (formatName == null) {
                    return new Step(null, LibvirtMessages.formatNotRecorded(backing.path(), image), false);
                }
                ChainProblem full = full(backing.path(), image);
                if (full != null) {
                    return new Step(null, full, false);
                }
                add(ChainElement.withoutBacking(backing.path(), formatName));
                return Step.END;
            }
            Visit visit = visit(backing.path(), formatName, image);
            if (visit.problem() != null) {
                return new Step(null, visit.problem(), visit.absent());
            }
            if (visit.assumed()) {
                add(ChainElement.withoutBacking(backing.path(), formatName));
                return Step.END;
            }
            if (formatName != null || !visit.kind().holdsImage()) {
                return new Step(new Next(backing.path(), ImageFormat.named(formatName), visit.kind(), null, visit.size()), null, false);
            }
            ByteBuffer header;
            try {
                header = host.header(backing.path());
            } catch (AccessDeniedException e) {
                return new Step(null, LibvirtMessages.headerUnreadable(backing.path(), image, null, host.reader()), false);
            } catch (IOException e) {
                return new Step(null, headerFailed(backing.path(), null, image, e), false);
            }
            ImageFormat probed = ImageFormat.probe(header);
            if (imageFormat.refusesProbedChains() && probed.supportsBacking()) {
                try {
                    if (probed.parser().parse(header).backingName() != null) {
                        return new Step(null, LibvirtMessages.formatNotRecorded(backing.path(), image), false);
                    }
                } catch (CorruptHeaderException e) {
                    // what cannot be probed is raw, as libvirt takes it; reading it again says why
                    return new Step(new Next(backing.path(), ImageFormat.RAW, visit.kind(), null, visit.size()), null, false);
                }
            }
            return new Step(new Next(backing.path(), probed, visit.kind(), header, visit.size()), null, false);
        }

        /** Whether {@code path} may become the next element: there, reachable as QEMU's account, not seen before. */
        Visit visit(String path, String format, String referrer) {
            ChainProblem full = full(path, referrer);
            if (full != null) {
                return new Visit(null, full, false);
            }
            Reach reach = host.reach(path);
            if (reach.assumedThere()) {
                seen.add(reach.identity());
                return new Visit(reach.kind(), null, false, true, null);
            }
            if (reach.error() == AccessError.EACCES && referrer == null && topCheckedAsRoot && reach.kind() != null) {
                // libvirt checks such a top image as root (present), relabels it, and QEMU cannot reach it
                topUnreachable = true;
                seen.add(reach.identity());
                return Visit.found(reach);
            }
            if (reach.error() == AccessError.UNSEEN) {
                return new Visit(null, LibvirtMessages.unseen(path, referrer, format, host.reader(), host.qemu()), true);
            }
            if (reach.error() != null) {
                return new Visit(null, LibvirtMessages.inaccessible(path, referrer, top, topFormat.supportsBacking(),
                        reach.error(), format, host.qemu()).assumedBy(reach.assumption()), true);
            }
            if (!seen.add(reach.identity())) {
                return new Visit(null, LibvirtMessages.loop(path, referrer, top), false);
            }
            return Visit.found(reach);
        }

        /** The problem of one element more, network ones included, when the chain is as deep as libvirt follows; else null. */
        ChainProblem full(String path, String referrer) {
            return elements.size() >= maxDepth ? LibvirtMessages.tooDeep(path, referrer, top) : null;
        }

        /**
         * A header that could not be read although the file was there a moment before: it is judged
         * again as it is now (gone, a folder, …), else the read's own error is its problem.
         */
        ChainProblem headerFailed(String path, String format, String referrer, IOException e) {
            Reach now = host.reach(path);
            if (now.error() != null) {
                elements.add(ChainElement.absent(path));
                return LibvirtMessages.inaccessible(path, referrer, top, topFormat.supportsBacking(), now.error(), format,
                        host.qemu());
            }
            if (now.kind() != null && !now.kind().holdsImage()) {
                return LibvirtMessages.notAnImage(path, referrer, now.kind());
            }
            return LibvirtMessages.corrupt(path, referrer, format, e instanceof FileSystemException fs
                    && fs.getReason() != null ? fs.getReason() : String.valueOf(e.getMessage()));
        }
    }
}
