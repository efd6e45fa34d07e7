package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.scenario.ImageWriter;

/**
 * The chain walk judged as libvirt judges it, on a host in memory: QEMU's account must reach each
 * file (search on every folder), headers are read with the tool's own account, and without
 * relabelling QEMU's account must open the images itself.
 */
class ChainWalkOnMemoryHostTest {
    private static final QemuUser ROOT = new QemuUser(0, 0, Set.of(0), "test");
    private static final QemuUser LIBVIRT_QEMU = QemuUser.of(64055, 64055);
    private static final QemuUser OPERATOR = QemuUser.of(1000, 1000);
    private static final String IMAGES = "/var/lib/libvirt/images";

    private static MemoryHost host(QemuUser reader) {
        return new MemoryHost(LIBVIRT_QEMU, reader)
                .file(IMAGES + "/base.raw", ImageWriter.raw(), 0600)
                .file(IMAGES + "/top.qcow2", ImageWriter.qcow2(3, "base.raw", "raw", null), 0600);
    }

    private static BackingChain walk(MemoryHost host, boolean relabels) {
        return new DiskInspector(host, ChainWalker.DEFAULT_MAX_DEPTH, StoragePools.NONE, relabels)
                .inspect(IMAGES + "/top.qcow2", "qcow2");
    }

    @Test
    void imagesOnlyRootMayReadAreWholeForQemuBecauseLibvirtRelabelsThem() {
        BackingChain chain = walk(host(ROOT), true);
        assertNull(chain.problem());
        assertEquals(List.of(IMAGES + "/top.qcow2", IMAGES + "/base.raw"),
                chain.elements().stream().map(ChainElement::path).toList());
    }

    @Test
    void aNetworkBackingFileCountsTowardsTheDepthLibvirtFollows() {
        // found by ChainWalkFuzzTest's depth invariant: a network element was added past the bound
        MemoryHost host = new MemoryHost(LIBVIRT_QEMU, ROOT)
                .file(IMAGES + "/top.qcow2", ImageWriter.qcow2(3, "nbd://storage/base", "raw", null), 0600);
        BackingChain chain = new ChainWalker(host, 1).walk(IMAGES + "/top.qcow2", "qcow2", null);
        assertEquals(ProblemKind.TOO_DEEP, chain.problem().kind());
        assertEquals(1, chain.elements().size());
        assertNull(new ChainWalker(host, 2).walk(IMAGES + "/top.qcow2", "qcow2", null).problem());
    }

    @Test
    void aFolderQemuCannotSearchDeniesTheBackingFileNamingTheTopImage() {
        MemoryHost host = host(ROOT).folder("/srv/private", 0700)
                .file("/srv/private/base.raw", ImageWriter.raw(), 0644)
                .file(IMAGES + "/top.qcow2", ImageWriter.qcow2(3, "/srv/private/base.raw", "raw", null), 0644);

        ChainProblem problem = walk(host, true).problem();
        assertEquals(ProblemKind.PERMISSION_DENIED, problem.kind());
        assertEquals("Cannot access backing file '/srv/private/base.raw' of storage file '" + IMAGES
                + "/top.qcow2' (as uid:64055, gid:64055): Permission denied", problem.message());
    }

    @Test
    void aHeaderTheToolCannotReadIsUnreadableNamingTheToolsAccountNotQemus() {
        ChainProblem problem = walk(host(OPERATOR), true).problem();
        assertEquals(ProblemKind.UNREADABLE, problem.kind());
        assertEquals(IMAGES + "/top.qcow2", problem.path());
        assertTrue(problem.message().contains("as uid:1000, gid:1000, the account running virt-startup-policy"),
                problem.message());
    }

    @Test
    void aFolderTheToolCannotSearchIsUnreadableNotAQemuPermissionProblem() {
        MemoryHost host = host(OPERATOR)
                .file(IMAGES + "/top.qcow2", ImageWriter.qcow2(3, "/srv/private/base.raw", "raw", null), 0644)
                .folder("/srv/private", 0700)
                .file("/srv/private/base.raw", ImageWriter.raw(), 0644);

        ChainProblem problem = walk(host, true).problem();
        assertEquals(ProblemKind.UNREADABLE, problem.kind());
        assertEquals("/srv/private/base.raw", problem.path());
        assertTrue(problem.message().contains("whether QEMU's account (uid:64055, gid:64055) can reach it is unknown"),
                problem.message());
    }

    @Test
    void withoutRelabellingABackingFileQemuCannotReadIsItsOwnProblem() {
        ChainProblem problem = walk(host(ROOT), false).problem();
        assertEquals(ProblemKind.QEMU_CANNOT_OPEN, problem.kind());
        assertEquals(IMAGES + "/top.qcow2", problem.path());
        assertTrue(problem.message().contains("for reading,"), problem.message());
        assertTrue(problem.message().contains("dynamic_ownership = 0"), problem.message());
    }

    @Test
    void aRawTopImageBehindAFolderQemuCannotSearchPassesLibvirtsCheckAndQemuCannotOpenIt() {
        MemoryHost host = new MemoryHost(LIBVIRT_QEMU, ROOT).folder("/srv/private", 0700)
                .file("/srv/private/disk.raw", ImageWriter.raw(), 0644);
        BackingChain chain = new DiskInspector(host, ChainWalker.DEFAULT_MAX_DEPTH, StoragePools.NONE, true)
                .inspect("/srv/private/disk.raw", "raw");

        assertEquals(ProblemKind.QEMU_CANNOT_OPEN, chain.problem().kind());
        assertTrue(chain.problem().message().endsWith("Could not open '/srv/private/disk.raw': Permission denied"),
                chain.problem().message());
        assertEquals(List.of("/srv/private/disk.raw"), chain.elements().stream().map(ChainElement::path).toList());
    }

    @Test
    void anIoErrorWhileReadingAHeaderIsThatImagesCorruptHeader() {
        MemoryHost host = host(ROOT).failing(IMAGES + "/top.qcow2", new IOException("Input/output error"));
        ChainProblem problem = walk(host, true).problem();
        assertEquals(ProblemKind.CORRUPT, problem.kind());
        assertEquals("cannot read the qcow2 header of '" + IMAGES + "/top.qcow2': Input/output error", problem.message());
    }

    @Test
    void aBugWhileReadingAHeaderIsNotHiddenAsTheImagesProblem() {
        // a parser or host that throws has a bug: the fuzzers must see it, never a "corrupt" image
        MemoryHost host = host(ROOT).failing(IMAGES + "/top.qcow2", new IndexOutOfBoundsException("Range [-1, -1 + 8)"));
        assertThrows(IndexOutOfBoundsException.class, () -> walk(host, true));
    }

    @Test
    void withoutRelabellingImagesQemuCanOpenAreWhole() {
        MemoryHost host = new MemoryHost(LIBVIRT_QEMU, ROOT)
                .file(IMAGES + "/base.raw", ImageWriter.raw(), 0644)
                .file(IMAGES + "/top.qcow2", ImageWriter.qcow2(3, "base.raw", "raw", null), 0666);
        assertNull(walk(host, false).problem());
    }

    @Test
    void symlinkLoopsAreLoopsAndDanglingLinksAreMissing() {
        MemoryHost looping = host(ROOT).symlink(IMAGES + "/base.raw", "base.raw");
        assertEquals(ProblemKind.LOOP, walk(looping, true).problem().kind());
        MemoryHost dangling = host(ROOT).symlink(IMAGES + "/base.raw", "/nowhere/base.raw");
        assertEquals(ProblemKind.MISSING, walk(dangling, true).problem().kind());
    }

    @Test
    void qedOverAProbedQcow2FollowsItsChainWhileQcow2RefusesIt() {
        MemoryHost host = new MemoryHost(LIBVIRT_QEMU, ROOT)
                .file(IMAGES + "/base.raw", ImageWriter.raw(), 0600)
                .file(IMAGES + "/mid.qcow2", ImageWriter.qcow2(3, "base.raw", "raw", null), 0600)
                .file(IMAGES + "/top.qed", ImageWriter.qed("mid.qcow2", null), 0600)
                .file(IMAGES + "/top.qcow2", ImageWriter.qcow2(3, "mid.qcow2", null, null), 0600);
        DiskInspector inspector = new DiskInspector(host, ChainWalker.DEFAULT_MAX_DEPTH, StoragePools.NONE, true);

        BackingChain qed = inspector.inspect(IMAGES + "/top.qed", "qed");
        assertNull(qed.problem());
        assertEquals(List.of("qed", "qcow2", "raw"), qed.elements().stream().map(ChainElement::format).toList());
        assertEquals(ProblemKind.FORMAT_NOT_RECORDED, inspector.inspect(IMAGES + "/top.qcow2", "qcow2").problem().kind());
    }
}
