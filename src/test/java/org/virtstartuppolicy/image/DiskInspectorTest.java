package org.virtstartuppolicy.image;

import org.virtstartuppolicy.TestDomains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestImages;

/** Following chains of real image files: names, formats, and each kind of problem. */
class DiskInspectorTest {
    @TempDir
    Path dir;

    private final DiskInspector inspector = TestDomains.inspector(QemuUser.current(), Map.of());

    private static List<String> paths(BackingChain chain) {
        return chain.elements().stream().map(ChainElement::path).toList();
    }

    @Test
    void threeLevelChainIsFollowedToTheRawBase() throws IOException {
        TestImages.raw(dir.resolve("fedora18.img"));
        TestImages.qcow2v2(dir.resolve("snapshot/snap1.qcow"), dir.resolve("fedora18.img").toString(), "raw");
        Path top = TestImages.qcow2(dir.resolve("snapshot/snap2.qcow"), "snap1.qcow", "qcow2");

        BackingChain chain = inspector.inspect(top.toString(), "qcow2");
        assertTrue(chain.isWhole());
        assertEquals(List.of(top.toString(), dir.resolve("snapshot/snap1.qcow").toString(),
                dir.resolve("fedora18.img").toString()), paths(chain));
        assertEquals(List.of("qcow2", "qcow2", "raw"), chain.elements().stream().map(ChainElement::format).toList());
    }

    @Test
    void renamedMiddleImageIsMissingAndNamedWithTheImageThatRefersToIt() throws IOException {
        TestImages.raw(dir.resolve("fedora18.img"));
        TestImages.qcow2(dir.resolve("snap1.qcow.back"), dir.resolve("fedora18.img").toString(), "raw");
        Path top = TestImages.qcow2(dir.resolve("snap2.qcow"), dir.resolve("snap1.qcow").toString(), "qcow2");

        ChainProblem problem = inspector.inspect(top.toString(), "qcow2").problem();
        assertEquals(ProblemKind.MISSING, problem.kind());
        assertEquals(dir.resolve("snap1.qcow").toString(), problem.path());
        assertEquals(top.toString(), problem.referencedBy());
    }

    @Test
    void missingTopImageOfAFormatWithoutBackingIsReportedWithoutUidAndGid() {
        ChainProblem problem = inspector.inspect(dir.resolve("install.iso").toString(), "raw").problem();
        assertEquals("Cannot access storage file '" + dir.resolve("install.iso") + "': No such file or directory",
                problem.message());
        assertNull(problem.referencedBy());
    }

    @Test
    void missingTopQcow2ImageIsReportedWithUidAndGid() {
        ChainProblem problem = inspector.inspect(dir.resolve("top.qcow2").toString(), "qcow2").problem();
        assertEquals("Cannot access storage file '" + dir.resolve("top.qcow2") + "' (as "
                + QemuUser.current().label() + "): No such file or directory", problem.message());
    }

    @Test
    void relativeNamesAreJoinedAsTextWithoutCollapsingDotDot() throws IOException {
        TestImages.raw(dir.resolve("base/base.raw"));
        Path top = TestImages.qcow2(dir.resolve("vm/top.qcow2"), "../base/base.raw", "raw");

        assertEquals(List.of(top.toString(), dir + "/vm/../base/base.raw"), paths(inspector.inspect(top.toString(),
                "qcow2")));
    }

    @Test
    void localNameWithAColonIsWrittenWithALeadingDotSlash() throws IOException {
        TestImages.raw(dir.resolve("a:b"));
        Path top = TestImages.qcow2(dir.resolve("top.qcow2"), "./a:b", "raw");

        BackingChain chain = inspector.inspect(top.toString(), "qcow2");
        assertTrue(chain.isWhole());
        assertEquals(dir + "/./a:b", chain.elements().get(1).path());
    }

    @Test
    void networkBackingNameEndsTheChainWithoutError() throws IOException {
        Path top = TestImages.qcow2(dir.resolve("top.qcow2"), "nbd://storage.example.org:10809/base", "raw");

        BackingChain chain = inspector.inspect(top.toString(), "qcow2");
        assertTrue(chain.isWhole());
        assertEquals("nbd://storage.example.org:10809/base", chain.elements().get(1).path());
    }

    @Test
    void symlinkedOverlayResolvesItsRelativeBackingNextToTheLink() throws IOException {
        TestImages.raw(dir.resolve("links/base.raw"));
        Path real = TestImages.qcow2(dir.resolve("real/top.qcow2"), "base.raw", "raw");
        Path link = Files.createSymbolicLink(dir.resolve("links/top.qcow2"), real);

        BackingChain chain = inspector.inspect(link.toString(), "qcow2");
        assertTrue(chain.isWhole());
        assertEquals(dir.resolve("links/base.raw").toString(), chain.elements().get(1).path());
    }

    @Test
    void chainOf200ElementsPassesAnd201Fails() throws IOException {
        Path top = longChain(200);
        assertTrue(inspector.inspect(top.toString(), "qcow2").isWhole());

        Path deeper = TestImages.qcow2(dir.resolve("img200.qcow2"), "img199.qcow2", "qcow2");
        ChainProblem problem = inspector.inspect(deeper.toString(), "qcow2").problem();
        assertEquals(ProblemKind.TOO_DEEP, problem.kind());
        assertEquals("internal error: backing store for " + deeper + " is self-referential or too deeply nested", problem.message());
    }

    /** img0 (raw) ← img1 ← … ← img(n-1): n elements; returns the top. */
    private Path longChain(int elements) throws IOException {
        TestImages.raw(dir.resolve("img0.qcow2"));
        Path top = null;
        for (int i = 1; i < elements; i++) {
            top = TestImages.qcow2(dir.resolve("img" + i + ".qcow2"), "img" + (i - 1) + ".qcow2", i == 1 ? "raw" : "qcow2");
        }
        return top;
    }

    @Test
    void twoImageLoopIsSelfReferential() throws IOException {
        TestImages.qcow2(dir.resolve("a.qcow2"), "b.qcow2", "qcow2");
        Path b = TestImages.qcow2(dir.resolve("b.qcow2"), "a.qcow2", "qcow2");

        ChainProblem problem = inspector.inspect(b.toString(), "qcow2").problem();
        assertEquals(ProblemKind.LOOP, problem.kind());
        assertEquals(dir.resolve("b.qcow2").toString(), problem.path());
    }

    @Test
    void unrecordedFormatOfALastRawElementIsProbed() throws IOException {
        TestImages.raw(dir.resolve("base.img"));
        Path top = TestImages.qcow2v2(dir.resolve("top.qcow2"), "base.img", null);

        BackingChain chain = inspector.inspect(top.toString(), "qcow2");
        assertTrue(chain.isWhole());
        assertEquals("raw", chain.elements().get(1).format());
    }

    @Test
    void missingExternalDataFileIsAProblem() throws IOException {
        Path top = TestImages.qcow2WithDataFile(dir.resolve("top.qcow2"), "top.data");

        ChainProblem problem = inspector.inspect(top.toString(), "qcow2").problem();
        assertEquals(ProblemKind.MISSING, problem.kind());
        assertEquals(dir.resolve("top.data").toString(), problem.path());
        assertEquals(top.toString(), problem.referencedBy());

        TestImages.raw(dir.resolve("top.data"));
        assertTrue(inspector.inspect(top.toString(), "qcow2").isWhole());
    }

    @Test
    void headerThatIsNotQcow2IsCorrupt() throws IOException {
        Path top = TestImages.raw(dir.resolve("top.qcow2"));
        assertEquals(ProblemKind.CORRUPT, inspector.inspect(top.toString(), "qcow2").problem().kind());
    }

    @Test
    void fifoWhereAnImageShouldBeIsNeverOpened() throws IOException, InterruptedException {
        Path fifo = dir.resolve("base.qcow2");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        Path top = TestImages.qcow2(dir.resolve("top.qcow2"), "base.qcow2", "qcow2");

        ChainProblem problem = inspector.inspect(top.toString(), "qcow2").problem();
        assertEquals(ProblemKind.WOULD_BLOCK, problem.kind());
        assertTrue(problem.message().startsWith("'" + fifo + "' is a FIFO, not a disk image: libvirt would block"),
                problem.message());
    }

    @Test
    void folderQemuCannotSearchDeniesEveryFileInsideEvenToARootCheck() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path privateFolder = Files.createDirectories(dir.resolve("private"));
        TestImages.raw(privateFolder.resolve("base.raw"));
        Files.setPosixFilePermissions(privateFolder, PosixFilePermissions.fromString("rwx------"));
        Path top = TestImages.qcow2(dir.resolve("top.qcow2"), "private/base.raw", "raw");

        DiskInspector asQemu = TestDomains.inspector(QemuUser.of(64055, 64055), Map.of());
        ChainProblem problem = asQemu.inspect(top.toString(), "qcow2").problem();
        assertEquals(ProblemKind.PERMISSION_DENIED, problem.kind());
        assertEquals(privateFolder.resolve("base.raw").toString(), problem.path());
    }
}
