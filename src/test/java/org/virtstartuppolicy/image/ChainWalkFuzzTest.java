package org.virtstartuppolicy.image;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.virtstartuppolicy.scenario.ImageWriter;

/**
 * The whole chain walk over a host in memory whose files the fuzzer writes: images that name one
 * another (or anything at all), raw bytes, symlinks, folders QEMU's account may not search,
 * FIFOs. The walk gives a chain, whole or ending in a classified problem, and nothing else, and
 * holds its invariants: never deeper than its bound, nothing after an absent element, a loop
 * reported exactly when the chain comes back to a file it passed, the same host the same result.
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
        int depth = data.consumeInt(1, 8);
        BackingChain chain = new ChainWalker(host, depth).walk(top, format, null);
        check(chain, depth, host);
        if (!chain.equals(new ChainWalker(host, depth).walk(top, format, null))) {
            throw new AssertionError("the same host walked twice gave two chains: " + chain);
        }
    }

    private static void check(BackingChain chain, int depth, MemoryHost host) {
        ChainProblem problem = chain.problem();
        if (problem != null && (problem.message() == null || HeaderContract.inJavaWords(problem.message()))) {
            throw new AssertionError("a problem without a message in the tool's words: " + problem);
        }
        List<ChainElement> elements = chain.elements();
        if (elements.size() > depth) {
            throw new AssertionError(elements.size() + " elements, deeper than the bound " + depth + ": " + chain);
        }
        for (int i = 0; i < elements.size(); i++) {
            if (!elements.get(i).present() && (i != elements.size() - 1 || elements.get(i).format() != null)) {
                throw new AssertionError("an absent element is not the last, or has a format: " + chain);
            }
        }
        // the files the chain passed through, as the host knows them however their names are spelt
        Set<String> files = new HashSet<>();
        for (ChainElement element : elements) {
            String identity = element.present() ? host.reach(element.path()).identity() : null;
            if (identity != null && !files.add(identity)) {
                throw new AssertionError("the chain passes " + identity + " twice without a loop reported: " + chain);
            }
        }
        // as QEMU's account reaches it: through a folder it may not search, the name leads nowhere
        Reach last = problem == null ? null : host.reach(problem.path());
        boolean comesBack = last != null && last.error() == null && files.contains(last.identity());
        boolean loop = problem != null && problem.kind() == ProblemKind.LOOP && problem.errno() == null;
        if (loop && !comesBack) {
            throw new AssertionError("a loop reported where the chain does not come back: " + chain);
        }
        // the depth bound may stop a loop first, as libvirt's does
        if (comesBack && !loop && problem.kind() != ProblemKind.TOO_DEEP) {
            throw new AssertionError("the chain comes back to a file it passed, and no loop is reported: " + chain);
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
