package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A host whose answers are kept for the rest of a run over many guests (a whole host, its
 * dependents): an image many chains share (a template's base) is looked at and its header read
 * once. Headers are kept for the images read last, within a bound, so memory stays small however
 * many images a host has; what a path reaches is kept for all.
 */
public final class CachingHost implements ImageHost {
    /** Headers kept: about 17 MB at libvirt's 33 KB a header, a fair share of a short run's heap. */
    private static final int HEADERS_KEPT = 512;

    private final ImageHost host;
    private final Map<String, Reach> reached = new ConcurrentHashMap<>();
    private final Map<String, ByteBuffer> headers = new LinkedHashMap<>(HEADERS_KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ByteBuffer> eldest) {
            return size() > HEADERS_KEPT;
        }
    };

    public CachingHost(ImageHost host) {
        this.host = host;
    }

    @Override
    public Reach reach(String path) {
        return reached.computeIfAbsent(path, host::reach);
    }

    @Override
    public ByteBuffer header(String path) throws IOException {
        synchronized (headers) {
            ByteBuffer kept = headers.get(path);
            if (kept != null) {
                return kept.duplicate();
            }
        }
        // read outside the lock; a header read twice at once is only read twice
        ByteBuffer read = host.header(path);
        synchronized (headers) {
            headers.put(path, read.asReadOnlyBuffer());
        }
        return read.duplicate();
    }

    @Override
    public List<String> list(String folder) throws IOException {
        return host.list(folder);
    }

    @Override
    public QemuUser qemu() {
        return host.qemu();
    }

    @Override
    public String reader() {
        return host.reader();
    }
}
