package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.scenario.ImageWriter;

/** A run over a whole host reads a shared image's header once, however many chains pass through it. */
class CachingHostTest {
    private static final QemuUser ROOT = new QemuUser(0, 0, Set.of(0), "test");
    private static final String TEMPLATES = "/srv/templates";
    private static final int GUESTS = 300;

    /** Counts what the walk asks of the host below the cache. */
    private static final class Counted implements ImageHost {
        private final ImageHost host;
        final Map<String, Integer> headers = new ConcurrentHashMap<>();
        final Map<String, Integer> reaches = new ConcurrentHashMap<>();

        Counted(ImageHost host) {
            this.host = host;
        }

        @Override
        public Reach reach(String path) {
            reaches.merge(path, 1, Integer::sum);
            return host.reach(path);
        }

        @Override
        public ByteBuffer header(String path) throws IOException {
            headers.merge(path, 1, Integer::sum);
            return host.header(path);
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

    @Test
    void aTemplateSharedByEveryGuestIsReadOnce() {
        MemoryHost memory = new MemoryHost(QemuUser.of(64055, 64055), ROOT)
                .file(TEMPLATES + "/base.raw", ImageWriter.raw(), 0644)
                .file(TEMPLATES + "/middle.qcow2", ImageWriter.qcow2(3, "base.raw", "raw", null), 0644);
        for (int i = 0; i < GUESTS; i++) {
            memory.file("/var/lib/libvirt/images/g" + i + ".qcow2",
                    ImageWriter.qcow2(3, TEMPLATES + "/middle.qcow2", "qcow2", null), 0644);
        }
        Counted counted = new Counted(memory);
        DiskInspector inspector = new DiskInspector(new CachingHost(counted), ChainWalker.DEFAULT_MAX_DEPTH,
                StoragePools.NONE, true);

        for (int i = 0; i < GUESTS; i++) {
            BackingChain chain = inspector.inspect("/var/lib/libvirt/images/g" + i + ".qcow2", "qcow2");
            assertNull(chain.problem());
            assertEquals(3, chain.elements().size());
        }

        assertEquals(1, counted.headers.get(TEMPLATES + "/middle.qcow2"), "the shared middle's header");
        assertEquals(1, counted.reaches.get(TEMPLATES + "/middle.qcow2"), "whether QEMU reaches the shared middle");
        assertEquals(1, counted.headers.get("/var/lib/libvirt/images/g7.qcow2"), "each guest's own top, once too");
    }
}
