package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.scenario.ImageWriter;

/**
 * Where a missing backing file went, looked for where an operator would have moved it, as in the
 * 2013 design discussion: {@code snap1.qcow} renamed to {@code snap1.qcow.back}.
 */
class MissingFileSearchTest {
    private static final QemuUser ROOT = new QemuUser(0, 0, Set.of(0), "root");
    private static final String SNAPSHOTS = "/var/lib/libvirt/images/snapshot";
    private static final StoragePools POOLS = StoragePools.of(Map.of("default",
            new StoragePool("default", "dir", "/var/lib/libvirt/images", true, "test")));

    private static MemoryHost host() {
        return new MemoryHost(ROOT, ROOT)
                .file(SNAPSHOTS + "/snap2.qcow", ImageWriter.qcow2(3, "snap1.qcow", "qcow2", null), 0644);
    }

    private static ChainProblem problem(ImageHost host) {
        return new DiskInspector(host, ChainWalker.DEFAULT_MAX_DEPTH, POOLS, true).inspect(SNAPSHOTS + "/snap2.qcow", "qcow2")
                .problem();
    }

    @Test
    void aRenamedBackingFileInTheSameFolderIsACandidateWithTheRebaseThatRepointsTheOverlay() {
        MemoryHost host = host().file(SNAPSHOTS + "/snap1.qcow.back", ImageWriter.qcow2(3, null, null, null), 0644);
        List<Candidate> found = problem(host).candidates();
        assertEquals(List.of(new Candidate(SNAPSHOTS + "/snap1.qcow.back", "qcow2", 1L << 30, "in the same folder",
                "qemu-img rebase -u -F qcow2 -b '" + SNAPSHOTS + "/snap1.qcow.back' '" + SNAPSHOTS + "/snap2.qcow'")), found);
    }

    @Test
    void theSameNameInAPoolsFolderIsACandidate() {
        MemoryHost host = host().file("/var/lib/libvirt/images/snap1.qcow", ImageWriter.qcow2(3, null, null, null), 0644);
        assertEquals(List.of("in pool 'default' (/var/lib/libvirt/images)"),
                problem(host).candidates().stream().map(Candidate::where).toList());
    }

    @Test
    void aFileOfAnotherFormatASmallerDiskOrAFifoIsNoCandidate() {
        byte[] small = ImageWriter.qcow2(3, null, null, null);
        ByteBuffer.wrap(small).putLong(24, 1 << 20);
        MemoryHost host = host().file(SNAPSHOTS + "/snap1.qcow.raw", ImageWriter.raw(), 0644)
                .file(SNAPSHOTS + "/snap1.qcow.small", small, 0644)
                .fifo(SNAPSHOTS + "/snap1.qcow.fifo");
        assertEquals(List.of(), problem(host).candidates());
    }

    @Test
    void anAssumedMissingFolderMakesTheChainMissingSayingWhichAssumption() {
        MemoryHost real = host().file(SNAPSHOTS + "/snap1.qcow", ImageWriter.qcow2(3, null, null, null), 0644);
        assertNull(problem(real), "whole as the host is");
        ChainProblem assumed = problem(new AssumedHost(real, new Assumptions(List.of(SNAPSHOTS + "/"), List.of())));
        assertEquals(ProblemKind.MISSING, assumed.kind());
        assertEquals("--assume-missing " + SNAPSHOTS + "/", assumed.assumption());
        assertEquals(List.of(), assumed.candidates(), "what is assumed gone is no candidate");
    }

    @Test
    void anAssumedPresentFileEndsTheChainWhole() {
        BackingChain chain = new DiskInspector(new AssumedHost(host(), new Assumptions(List.of(),
                List.of(SNAPSHOTS + "/snap1.qcow"))), ChainWalker.DEFAULT_MAX_DEPTH, POOLS, true)
                .inspect(SNAPSHOTS + "/snap2.qcow", "qcow2");
        assertNull(chain.problem());
        assertEquals(List.of(SNAPSHOTS + "/snap2.qcow", SNAPSHOTS + "/snap1.qcow"),
                chain.elements().stream().map(ChainElement::path).toList());
    }
}
