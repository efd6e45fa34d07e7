package org.virtstartuppolicy.image;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Set;
import org.virtstartuppolicy.scenario.ImageWriter;

/**
 * The whole chain walk over a host in memory whose files the fuzzer writes: images that name one
 * another (or anything at all), raw bytes, symlinks, folders QEMU's account may not search,
 * FIFOs. The walk gives a chain, whole or ending in a classified problem, and nothing else.
 */
class ChainWalkFuzzTest {
    private static final List<String> NAMES = List.of("/i/a", "/i/b", "/i/c", "/i/d/e", "/i/d/../a", "b", "../i/c",
            "./x:y", "json:{\"file\":{\"driver\":\"file\",\"filename\":\"/i/b\"}}", "nbd://host/x", "/i/d");
    private static final List<String> FORMATS = List.of("qcow2", "qed", "vmdk", "raw", "qcow");

    @FuzzTest(maxDuration = "30s")
    void anyHostGivesAChainOrAClassifiedProblem(FuzzedDataProvider data) {
        QemuUser qemu = QemuUser.of(64055, 64055);
        QemuUser reader = data.consumeBoolean() ? new QemuUser(0, 0, Set.of(0), "root") : QemuUser.of(1000, 1000);
        MemoryHost host = new MemoryHost(qemu, reader);
        int files = data.consumeInt(1, 6);
        for (int i = 0; i < files; i++) {
            String path = "/i/" + (char) ('a' + data.consumeInt(0, 4)) + (data.consumeBoolean() ? "" : "/e");
            switch (data.consumeInt(0, 4)) {
                case 0 -> host.symlink(path, data.pickValue(NAMES));
                case 1 -> host.folder(path, data.consumeBoolean() ? 0700 : 0755);
                case 2 -> host.fifo(path);
                case 3 -> host.file(path, data.consumeBytes(2048), data.consumeBoolean() ? 0600 : 0644);
                default -> host.file(path, image(data), data.consumeBoolean() ? 0600 : 0644);
            }
        }
        String top = "/i/" + (char) ('a' + data.consumeInt(0, 4));
        String format = data.consumeBoolean() ? null : data.pickValue(FORMATS);
        BackingChain chain = new DiskInspector(host, data.consumeInt(1, 8), StoragePools.NONE, data.consumeBoolean())
                .inspect(top, format);
        if (chain.problem() != null && chain.problem().message() == null) {
            throw new AssertionError("a problem without a message: " + chain.problem());
        }
    }

    /** A real header of a format with backing files, naming what the fuzzer picks. */
    private static byte[] image(FuzzedDataProvider data) {
        String backing = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(64);
        String backingFormat = data.consumeBoolean() ? null : data.pickValue(FORMATS);
        return switch (data.consumeInt(0, 2)) {
            case 0 -> ImageWriter.qcow2(data.consumeBoolean() ? 2 : 3, backing, backingFormat,
                    data.consumeBoolean() ? null : data.pickValue(NAMES));
            case 1 -> ImageWriter.qed(backing, data.consumeBoolean() ? "raw" : null);
            default -> ImageWriter.vmdkDescriptor(backing);
        };
    }
}
