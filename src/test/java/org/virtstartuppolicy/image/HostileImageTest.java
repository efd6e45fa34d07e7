package org.virtstartuppolicy.image;

import org.virtstartuppolicy.TestDomains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestImages;

/**
 * Images made to hang or crash a reader. Each becomes a classified problem on its chain element;
 * the timeout only guards against a hang (a blocking open would never return).
 */
@Timeout(value = 5, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileImageTest {
    @TempDir
    Path dir;

    private final DiskInspector inspector = TestDomains.inspector(QemuUser.current(), Map.of());

    private ChainProblem problemBelow(String backingName, String backingFormat) throws IOException {
        Path top = TestImages.qcow2(dir.resolve("top.qcow2"), backingName, backingFormat);
        return inspector.inspect(top.toString(), "qcow2").problem();
    }

    private ChainProblem problemOf(byte[] image, String format) throws IOException {
        Path path = TestImages.write(dir.resolve("image"), image);
        return inspector.inspect(path.toString(), format).problem();
    }

    @Test
    void fifoIsNeverOpened() throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("base").toString()).start().waitFor());
        ChainProblem problem = problemBelow("base", "qcow2");
        assertEquals(ProblemKind.WOULD_BLOCK, problem.kind());
        assertTrue(problem.message().contains("is a FIFO, not a disk image: libvirt would block opening it"),
                problem.message());
    }

    @Test
    void fifoWithAnUnrecordedFormatIsNeverProbed() throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("base").toString()).start().waitFor());
        assertEquals(ProblemKind.WOULD_BLOCK, problemBelow("base", null).kind());
    }

    @Test
    void fifoGivenAsTheImageToInspectIsNeverProbed() throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", dir.resolve("top").toString()).start().waitFor());
        assertEquals(ProblemKind.WOULD_BLOCK, inspector.inspect(dir.resolve("top").toString(), null).problem().kind());
    }

    @Test
    void socketIsNotAnImageAndQemuRefusesIt() throws IOException {
        // libvirt 9.0's check passes on a socket; QEMU then refuses it, whatever the policy
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(dir.resolve("base")));
            ChainProblem problem = problemBelow("base", "raw");
            assertEquals(ProblemKind.QEMU_CANNOT_OPEN, problem.kind());
            assertTrue(problem.message().endsWith("is a socket, not a disk image: libvirt's check passes and QEMU refuses it"
                    + " (Could not open '" + dir.resolve("base") + "': No such device or address)"), problem.message());
        }
    }

    @Test
    void endlessCharacterDeviceIsNotAnImageAndQemuRefusesIt() throws IOException {
        ChainProblem problem = problemBelow("/dev/zero", "qcow2");
        assertEquals(ProblemKind.QEMU_CANNOT_OPEN, problem.kind());
        assertEquals("'/dev/zero' is a character device, not a disk image: libvirt's check passes and QEMU refuses it"
                + " ('file' driver requires '/dev/zero' to be a regular file)", problem.message());
    }

    @Test
    void hugeSparseFileIsReadOnlyAsFarAsItsHeader() throws IOException {
        Path huge = dir.resolve("huge.qcow2");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.write(TestImages.qcow2Header(3, null, null, null));
            file.setLength(1L << 40);
        }
        assertTrue(inspector.inspect(huge.toString(), "qcow2").isWhole());
    }

    @Test
    void truncatedHeadersOfEveryFormatAreCorrupt() throws IOException {
        assertEquals(ProblemKind.CORRUPT, problemOf(Arrays.copyOf(TestImages.qcow2Header(3, "b", null, null), 20),
                "qcow2").kind());
        assertEquals(ProblemKind.CORRUPT, problemOf("QED\0".getBytes(StandardCharsets.ISO_8859_1), "qed").kind());
        assertEquals(ProblemKind.CORRUPT, problemOf("KDMV\1\0\0\0".getBytes(StandardCharsets.ISO_8859_1), "vmdk").kind());
        assertEquals(ProblemKind.CORRUPT, problemOf(new byte[0], "qcow2").kind());
    }

    @Test
    void backingNameOffsetPastTheEndOfTheFileIsCorrupt() throws IOException {
        ByteBuffer header = ByteBuffer.wrap(TestImages.qcow2Header(3, "base", null, null));
        header.putLong(8, 0x7fff_ffff_ffffL);
        ChainProblem problem = problemOf(header.array(), "qcow2");
        assertEquals(ProblemKind.CORRUPT, problem.kind());
        assertTrue(problem.message().contains("lies beyond the 33280 bytes of header read"), problem.message());
    }

    @Test
    void qedBackingNameOffsetPastTheEndIsCorrupt() throws IOException {
        assertEquals(ProblemKind.CORRUPT, problemOf(qedHeader(0xFFFF_0000, 16), "qed").kind());
    }

    @Test
    void backingNamesLongerThan1023BytesAreCorrupt() throws IOException {
        assertEquals(ProblemKind.CORRUPT, problemOf(TestImages.qcow2Header(3, "a".repeat(1024), null, null),
                "qcow2").kind());
        assertEquals(ProblemKind.CORRUPT, problemOf(qedHeader(64, 4096), "qed").kind());
    }

    @Test
    void backingNameWithANulByteIsCorrupt() throws IOException {
        ChainProblem problem = problemOf(TestImages.qcow2Header(3, "base\0.qcow2", null, null), "qcow2");
        assertEquals(ProblemKind.CORRUPT, problem.kind());
        assertTrue(problem.message().contains("NUL"), problem.message());
    }

    @Test
    void backingNameThatIsNotUtf8IsCorrupt() throws IOException {
        byte[] image = TestImages.qcow2Header(3, "base", null, null);
        image[(int) ByteBuffer.wrap(image).getLong(8)] = (byte) 0xFF;
        assertTrue(problemOf(image, "qcow2").message().contains("UTF-8"));
    }

    @Test
    void extensionLengthThatOverflowsIsCorrupt() throws IOException {
        ByteBuffer image = ByteBuffer.wrap(TestImages.qcow2Header(3, "base", "qcow2", null));
        image.putInt(104 + 4, -1);
        assertTrue(problemOf(image.array(), "qcow2").message().contains("overflows"));
    }

    @Test
    void loopSpelledWithDotSlashThatNeverRepeatsAsTextIsFound() throws IOException {
        Path image = TestImages.qcow2(dir.resolve("a.qcow2"), "./a.qcow2", "qcow2");
        ChainProblem problem = inspector.inspect(image.toString(), "qcow2").problem();
        assertEquals(ProblemKind.LOOP, problem.kind());
        assertEquals(dir + "/./a.qcow2", problem.path());
    }

    @Test
    void symlinkLoopIsALoop() throws IOException {
        Files.createSymbolicLink(dir.resolve("one"), dir.resolve("two"));
        Files.createSymbolicLink(dir.resolve("two"), dir.resolve("one"));
        ChainProblem problem = problemBelow("one", "qcow2");
        assertEquals(ProblemKind.LOOP, problem.kind());
        assertTrue(problem.message().endsWith("Too many levels of symbolic links"), problem.message());
    }

    /** The 10,000 files are written once, before the timed test, so the test times only the inspection. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class TenThousandFileChain {
        private Path chainDir;

        @BeforeAll
        void writeChain(@TempDir Path folder) throws IOException {
            chainDir = folder;
            TestImages.raw(chainDir.resolve("0"));
            for (int i = 1; i < 10_000; i++) {
                TestImages.qcow2(chainDir.resolve(String.valueOf(i)), String.valueOf(i - 1), i == 1 ? "raw" : "qcow2");
            }
        }

        @Test
        void stopsAtTheDepthLimit() {
            BackingChain chain = inspector.inspect(chainDir.resolve("9999").toString(), "qcow2");
            assertEquals(ProblemKind.TOO_DEEP, chain.problem().kind());
            assertEquals(ChainWalker.DEFAULT_MAX_DEPTH, chain.elements().size());
        }
    }

    /** A qed header with the backing file feature and the given name offset and size (no name bytes). */
    private static byte[] qedHeader(int nameOffset, int nameSize) {
        ByteBuffer header = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        header.put("QED\0".getBytes(StandardCharsets.ISO_8859_1)).putInt(65536).putInt(4).putInt(1);
        header.putLong(16, 0x1);
        header.putInt(56, nameOffset).putInt(60, nameSize);
        return header.array();
    }
}
