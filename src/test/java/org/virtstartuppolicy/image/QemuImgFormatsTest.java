package org.virtstartuppolicy.image;

import org.virtstartuppolicy.TestDomains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.virtstartuppolicy.TestImages;

/** Every format libvirt follows, and the chains built of them, as the real qemu-img writes them. */
class QemuImgFormatsTest {
    @TempDir
    Path dir;

    private final DiskInspector inspector = TestDomains.inspector(QemuUser.current(), Map.of());

    @BeforeEach
    void needsQemuImg() {
        QemuImg.assumeInstalled();
    }

    private String at(String name) {
        return dir.resolve(name).toString();
    }

    private BackingChain inspect(String name) {
        return inspector.inspect(at(name), null);
    }

    private static List<String> formats(BackingChain chain) {
        return chain.elements().stream().map(ChainElement::format).toList();
    }

    @Test
    void qedOverRawRecordsThatItsBackingIsRaw() throws Exception {
        QemuImg.run("create", "-q", "-f", "raw", at("base.raw"), "1M");
        QemuImg.run("create", "-q", "-f", "qed", "-b", "base.raw", "-F", "raw", at("top.qed"));

        BackingChain chain = inspect("top.qed");
        assertTrue(chain.isWhole(), String.valueOf(chain.problem()));
        assertEquals(List.of("qed", "raw"), formats(chain));
        assertEquals("raw", chain.elements().get(0).backingFormat());
    }

    @Test
    void qedOverQcow2LeavesTheFormatToBeProbed() throws Exception {
        QemuImg.run("create", "-q", "-f", "qcow2", at("base.qcow2"), "1M");
        QemuImg.run("create", "-q", "-f", "qed", "-b", "base.qcow2", "-F", "qcow2", at("top.qed"));

        BackingChain chain = inspect("top.qed");
        assertTrue(chain.isWhole(), String.valueOf(chain.problem()));
        assertEquals(List.of("qed", "qcow2"), formats(chain));
        assertEquals(null, chain.elements().get(0).backingFormat());
    }

    @Test
    void qedOverAProbedQcow2WithItsOwnBackingIsFollowedAsQemuImgFollowsIt() throws Exception {
        QemuImg.run("create", "-q", "-f", "raw", at("base.raw"), "1M");
        QemuImg.run("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", at("mid.qcow2"));
        QemuImg.run("create", "-q", "-f", "qed", "-b", "mid.qcow2", "-F", "qcow2", at("top.qed"));

        BackingChain chain = inspect("top.qed");
        assertTrue(chain.isWhole(), String.valueOf(chain.problem()));
        assertEquals(List.of("qed", "qcow2", "raw"), formats(chain));
        assertTrue(QemuImg.run("info", "--backing-chain", at("top.qed")).contains("image: " + at("base.raw")));
    }

    @Test
    void qedOverAProbedQcow2WhoseBaseIsGoneNamesTheBaseAndTheTopImage() throws Exception {
        QemuImg.run("create", "-q", "-f", "raw", at("base.raw"), "1M");
        QemuImg.run("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", at("mid.qcow2"));
        QemuImg.run("create", "-q", "-f", "qed", "-b", "mid.qcow2", "-F", "qcow2", at("top.qed"));
        Files.delete(dir.resolve("base.raw"));

        ChainProblem problem = inspect("top.qed").problem();
        assertEquals(ProblemKind.MISSING, problem.kind());
        assertEquals("Cannot access backing file '" + at("base.raw") + "' of storage file '" + at("top.qed") + "' (as "
                + QemuUser.current().label() + "): No such file or directory", problem.message());
    }

    @Test
    void qcow2OverAProbedQcow2WithItsOwnBackingIsAFormatNotRecorded() throws Exception {
        QemuImg.run("create", "-q", "-f", "raw", at("base.raw"), "1M");
        QemuImg.run("create", "-q", "-f", "qcow2", "-b", "base.raw", "-F", "raw", at("mid.qcow2"));
        // qemu-img no longer writes an overlay without a backing format; older tools did
        TestImages.qcow2(dir.resolve("top.qcow2"), "mid.qcow2", null);

        assertEquals(ProblemKind.FORMAT_NOT_RECORDED, inspect("top.qcow2").problem().kind());
    }

    @Test
    void sparseVmdkNamesItsParentInTheEmbeddedDescriptor() throws Exception {
        QemuImg.run("create", "-q", "-f", "vmdk", at("base.vmdk"), "1M");
        Files.createDirectories(dir.resolve("snap"));
        QemuImg.run("create", "-q", "-f", "vmdk", "-b", "../base.vmdk", "-F", "vmdk", at("snap/top.vmdk"));

        BackingChain chain = inspect("snap/top.vmdk");
        assertTrue(chain.isWhole(), String.valueOf(chain.problem()));
        assertEquals(List.of(at("snap/top.vmdk"), dir + "/snap/../base.vmdk"),
                chain.elements().stream().map(ChainElement::path).toList());
        assertEquals(List.of("vmdk", "vmdk"), formats(chain));
    }

    @Test
    void plainTextVmdkDescriptorNamesItsParent() throws Exception {
        QemuImg.run("create", "-q", "-f", "vmdk", at("base.vmdk"), "1M");
        QemuImg.run("create", "-q", "-f", "vmdk", "-o", "subformat=twoGbMaxExtentSparse", "-b", "base.vmdk", "-F", "vmdk",
                at("top.vmdk"));
        assertTrue(Files.readString(dir.resolve("top.vmdk")).startsWith("# Disk DescriptorFile"));

        BackingChain chain = inspect("top.vmdk");
        assertTrue(chain.isWhole(), String.valueOf(chain.problem()));
        assertEquals(List.of("vmdk", "vmdk"), formats(chain));
    }

    @Test
    void qcowVersion1LeavesTheFormatToBeProbed() throws Exception {
        QemuImg.run("create", "-q", "-f", "raw", at("base.raw"), "1M");
        QemuImg.run("create", "-q", "-f", "qcow", "-b", "base.raw", "-F", "raw", at("top.qcow"));

        BackingChain chain = inspect("top.qcow");
        assertTrue(chain.isWhole(), String.valueOf(chain.problem()));
        assertEquals(List.of("qcow", "raw"), formats(chain));
    }

    @Test
    void luksEncryptedQcow2IsFollowedWithoutItsKey() throws Exception {
        QemuImg.run("create", "-q", "-f", "raw", at("base.raw"), "1M");
        createLuksOverlay("base.raw", "secret.qcow2");

        BackingChain chain = inspect("secret.qcow2");
        assertTrue(chain.isWhole(), String.valueOf(chain.problem()));
        assertEquals(List.of("qcow2", "raw"), formats(chain));
    }

    /**
     * qemu-img times its LUKS key derivation and gives up when one CPU-clock tick covers the
     * whole first round ("Unable to get accurate CPU usage"); that says nothing about the image,
     * so the creation is tried again.
     */
    private void createLuksOverlay(String base, String overlay) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                QemuImg.run("create", "-q", "--object", "secret,id=sec0,data=not-needed-to-read",
                        "-f", "qcow2", "-o", "encrypt.format=luks,encrypt.key-secret=sec0",
                        "-b", base, "-F", "raw", at(overlay));
                return;
            } catch (IOException e) {
                if (attempt == 5 || !e.getMessage().contains("Unable to get accurate CPU usage")) {
                    throw e;
                }
            }
        }
    }

    @Test
    void formatsWithoutBackingFilesAreProbedByTheirSignature() throws Exception {
        for (String format : List.of("vdi", "vpc", "vhdx", "qcow2", "qed", "vmdk")) {
            QemuImg.run("create", "-q", "-f", format, at("disk." + format), "1M");
            assertEquals(List.of(format), formats(inspect("disk." + format)), format);
        }
    }

    @Test
    void jsonBackingNameWithAFileDriverNamesALocalFile() throws Exception {
        QemuImg.run("create", "-q", "-f", "qcow2", at("base.qcow2"), "1M");
        QemuImg.run("create", "-q", "-f", "qcow2", "-u", "-b",
                "json:{\"driver\": \"qcow2\", \"file\": {\"driver\": \"file\", \"filename\": \"" + at("base.qcow2")
                        + "\"}}", "-F", "qcow2", at("top.qcow2"), "1M");

        BackingChain chain = inspect("top.qcow2");
        assertTrue(chain.isWhole(), String.valueOf(chain.problem()));
        assertEquals(at("base.qcow2"), chain.elements().get(1).path());

        Files.delete(dir.resolve("base.qcow2"));
        assertEquals(ProblemKind.MISSING, inspect("top.qcow2").problem().kind());
    }

    @Test
    void jsonBackingNameWithANetworkDriverEndsTheChain() throws Exception {
        String nbd = "json:{\"driver\": \"nbd\", \"server\": {\"type\": \"inet\", \"host\": \"nbd.example.org\","
                + " \"port\": \"10809\"}, \"export\": \"base\"}";
        QemuImg.run("create", "-q", "-f", "qcow2", "-u", "-b", nbd, "-F", "raw", at("top.qcow2"), "1M");

        BackingChain chain = inspect("top.qcow2");
        assertTrue(chain.isWhole(), String.valueOf(chain.problem()));
        assertEquals(nbd, chain.elements().get(1).path());
    }

    @Test
    void networkBackingWithoutARecordedFormatIsAFormatNotRecorded() throws Exception {
        QemuImg.run("create", "-q", "-f", "qed", "-u", "-b", "nbd://nbd.example.org:10809/base", "-F", "qcow2", at("top.qed"), "1M");
        assertEquals(ProblemKind.FORMAT_NOT_RECORDED, inspect("top.qed").problem().kind());
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
        IOException qemuImgFails = assertThrows(IOException.class,
                () -> QemuImg.run("info", "--backing-chain", dir.resolve("top.qcow2").toString()));
        assertTrue(qemuImgFails.getMessage().contains("No such file or directory"));
    }
}
