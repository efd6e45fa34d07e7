package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.QemuImg;

/** Images written by the real qemu-img are read as qemu-img itself reads them. */
class QemuImgChainTest {
    @TempDir
    Path dir;

    private final ChainInspector inspector = new ChainInspector(QemuUser.current(), ChainInspector.DEFAULT_MAX_DEPTH,
            Map.of());

    @BeforeEach
    void needsQemuImg() {
        QemuImg.assumeInstalled();
    }

    private List<String> formats(BackingChain chain) {
        return chain.elements().stream().map(ChainElement::format).toList();
    }

    @Test
    void qcow2Version3ChainWithRelativeAndAbsoluteNames() throws Exception {
        QemuImg.run("create", "-q", "-f", "raw", dir.resolve("base.raw").toString(), "1M");
        Files.createDirectories(dir.resolve("snap"));
        QemuImg.run("create", "-q", "-f", "qcow2", "-b", dir.resolve("base.raw").toString(), "-F", "raw",
                dir.resolve("snap/snap1.qcow2").toString());
        QemuImg.run("create", "-q", "-f", "qcow2", "-b", "snap1.qcow2", "-F", "qcow2",
                dir.resolve("snap/snap2.qcow2").toString());

        BackingChain chain = inspector.inspect(dir.resolve("snap/snap2.qcow2").toString(), "qcow2");
        assertTrue(chain.isWhole(), String.valueOf(chain.problem()));
        assertEquals(List.of(dir.resolve("snap/snap2.qcow2").toString(), dir.resolve("snap/snap1.qcow2").toString(),
                dir.resolve("base.raw").toString()), chain.elements().stream().map(ChainElement::path).toList());
        assertEquals(List.of("qcow2", "qcow2", "raw"), formats(chain));
        assertEquals("snap1.qcow2", chain.elements().get(0).backingName());
    }

    @Test
    void qcow2Version2ImageIsRead() throws Exception {
        QemuImg.run("create", "-q", "-f", "qcow2", "-o", "compat=0.10", dir.resolve("base.qcow2").toString(), "1M");
        QemuImg.run("create", "-q", "-f", "qcow2", "-o", "compat=0.10", "-b", "base.qcow2", "-F", "qcow2",
                dir.resolve("top.qcow2").toString());

        BackingChain chain = inspector.inspect(dir.resolve("top.qcow2").toString(), "qcow2");
        assertTrue(chain.isWhole(), String.valueOf(chain.problem()));
        assertEquals(List.of("qcow2", "qcow2"), formats(chain));
    }

    @Test
    void externalDataFileMadeByQemuImgMustExist() throws Exception {
        QemuImg.run("create", "-q", "-f", "qcow2", "-o", "data_file=" + dir.resolve("disk.data"),
                dir.resolve("disk.qcow2").toString(), "1M");
        assertTrue(inspector.inspect(dir.resolve("disk.qcow2").toString(), "qcow2").isWhole());

        Files.delete(dir.resolve("disk.data"));
        ChainProblem problem = inspector.inspect(dir.resolve("disk.qcow2").toString(), "qcow2").problem();
        assertEquals(ProblemKind.MISSING, problem.kind());
        assertEquals(dir.resolve("disk.data").toString(), problem.path());
    }

    @Test
    void deletedBaseMadeByQemuImgIsMissingForBothTools() throws Exception {
        QemuImg.run("create", "-q", "-f", "qcow2", dir.resolve("base.qcow2").toString(), "1M");
        QemuImg.run("create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2",
                dir.resolve("top.qcow2").toString());
        Files.delete(dir.resolve("base.qcow2"));

        ChainProblem problem = inspector.inspect(dir.resolve("top.qcow2").toString(), "qcow2").problem();
        assertEquals(ProblemKind.MISSING, problem.kind());
        assertEquals(dir.resolve("base.qcow2").toString(), problem.path());
        IOException qemuImgFails = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> QemuImg.run("info", "--backing-chain", dir.resolve("top.qcow2").toString()));
        assertTrue(qemuImgFails.getMessage().contains("No such file or directory"));
    }
}
