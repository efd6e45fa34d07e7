package org.virtstartuppolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.virtstartuppolicy.TestDomains.disk;
import static org.virtstartuppolicy.TestDomains.domain;
import static org.virtstartuppolicy.TestDomains.errorMessages;
import static org.virtstartuppolicy.TestDomains.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.StartErrorMessage;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.image.QemuUser;
import org.virtstartuppolicy.image.StoragePool;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.facts.ChangeEvent;
import org.virtstartuppolicy.facts.Verdict;

/** The edge cases of semantics section 7 that involve the policy, end to end on real files. */
class BaselineEdgeCasesTest {
    private static final QemuUser LIBVIRT_QEMU = QemuUser.of(64055, 64055);

    @TempDir
    Path dir;

    @Test
    void optionalHardDiskWhoseBackingFileQemuCannotReachIsRemovedOnColdBoot() throws IOException {
        Path top = unreachableBackingChain();
        Decision decision = evaluate(domain(disk("file", "disk", "qcow2", top.toString(), "optional", "vda")),
                StartContext.COLD_BOOT, LIBVIRT_QEMU, Map.of());

        DiskDecision vda = disk(decision, "vda");
        assertEquals(Action.REMOVE, vda.action());
        assertEquals(ChangeEvent.DROP_MISSING_ON_START, vda.event());
        assertEquals("permission-denied", vda.problem().kind().label());
        assertEquals("Cannot access backing file '" + dir.resolve("private/base.qcow2") + "' of storage file '" + top
                + "' (as uid:64055, gid:64055): Permission denied", vda.problem().message());
        assertEquals(Verdict.START, decision.verdict());
    }

    @Test
    void optionalHardDiskWhoseBackingFileQemuCannotReachFailsARestore() throws IOException {
        Path top = unreachableBackingChain();
        Decision decision = evaluate(domain(disk("file", "disk", "qcow2", top.toString(), "optional", "vda")),
                StartContext.RESTORE, LIBVIRT_QEMU, Map.of());

        assertEquals(Action.FAIL, disk(decision, "vda").action());
        assertEquals(Verdict.FAIL, decision.verdict());
        assertEquals(List.of(disk(decision, "vda").problem().message()), errorMessages(decision));
    }

    /** A backing file in a folder only root may search: QEMU's account cannot reach it, whatever its own mode. */
    private Path unreachableBackingChain() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path folder = Files.createDirectory(dir.resolve("private"));
        TestImages.qcow2(folder.resolve("base.qcow2"), null, null);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        return TestImages.qcow2(dir.resolve("top.qcow2"), "private/base.qcow2", "qcow2");
    }

    @Test
    void optionalHardDiskWhoseBackingFileIsOnly0600RootIsKept() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path base = TestImages.qcow2(dir.resolve("base.qcow2"), null, null);
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rw-------"));
        Path top = TestImages.qcow2(dir.resolve("top.qcow2"), "base.qcow2", "qcow2");
        Decision decision = evaluate(domain(disk("file", "disk", "qcow2", top.toString(), "optional", "vda")),
                StartContext.COLD_BOOT, LIBVIRT_QEMU, Map.of());

        assertEquals(Action.KEEP, disk(decision, "vda").action());
        assertEquals(null, disk(decision, "vda").problem());
    }

    private static final String VOLUME_DISK = """
                <disk type='volume' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source pool='scratch' volume='data.qcow2'%s/>
                  <target dev='vdb' bus='virtio'/>
                </disk>
            """;

    @Test
    void optionalVolumeInAnInactivePoolIsRemovedWithNoOldPath() throws IOException {
        TestImages.qcow2(dir.resolve("data.qcow2"), null, null);
        Map<String, StoragePool> pools = Map.of("scratch", new StoragePool("scratch", "dir", dir.toString(), false, "test"));
        Decision decision = evaluate(domain(VOLUME_DISK.formatted(" startupPolicy='optional'")),
                StartContext.COLD_BOOT, QemuUser.current(), pools);

        DiskDecision vdb = disk(decision, "vdb");
        assertEquals(Action.REMOVE, vdb.action());
        assertEquals("pool-inactive", vdb.problem().kind().label());
        assertNull(vdb.disk().source().path());
        assertEquals(Verdict.START, decision.verdict());
    }

    @Test
    void mandatoryVolumeInAnInactivePoolFailsWithLibvirtsMessage() throws IOException {
        Map<String, StoragePool> pools = Map.of("scratch", new StoragePool("scratch", "dir", dir.toString(), false, "test"));
        Decision decision = evaluate(domain(VOLUME_DISK.formatted("")), StartContext.COLD_BOOT, QemuUser.current(),
                pools);

        assertEquals(List.of("unsupported configuration: storage pool 'scratch' containing volume 'data.qcow2' is not active"),
                errorMessages(decision));
    }

    @Test
    void volumeInAnActivePoolIsFollowedToItsBackingFile() throws IOException {
        TestImages.qcow2(dir.resolve("data.qcow2"), "gone.qcow2", "qcow2");
        Map<String, StoragePool> pools = Map.of("scratch", new StoragePool("scratch", "dir", dir.toString(), true, "test"));
        Decision decision = evaluate(domain(VOLUME_DISK.formatted(" startupPolicy='optional'")),
                StartContext.COLD_BOOT, QemuUser.current(), pools);

        assertEquals(Action.REMOVE, disk(decision, "vdb").action());
        assertEquals(dir.resolve("gone.qcow2").toString(), disk(decision, "vdb").problem().path());
    }

    @Test
    void unrecordedBackingFormatWhoseBackingHasItsOwnBackingFailsTheStart() throws IOException {
        TestImages.raw(dir.resolve("base.raw"));
        TestImages.qcow2(dir.resolve("mid.qcow2"), "base.raw", "raw");
        Path top = TestImages.qcow2(dir.resolve("top.qcow2"), "mid.qcow2", null);
        Decision decision = evaluate(domain(disk("file", "disk", "qcow2", top.toString(), null, "vda")),
                StartContext.COLD_BOOT);

        assertEquals(List.of("Requested operation is not valid: format of backing image '" + dir.resolve("mid.qcow2") + "' of image '" + top
                + "' was not specified in the image metadata"
                + " (See https://libvirt.org/kbase/backing_chains.html for troubleshooting)"), errorMessages(decision));
        assertEquals("format-not-recorded", disk(decision, "vda").problem().kind().label());
    }

    @Test
    void explicitEmptyBackingStoreKeepsAQcow2DiskWithoutProbingItsChain() throws IOException {
        Path top = TestImages.qcow2(dir.resolve("top.qcow2"), "gone.qcow2", "qcow2");
        String xml = domain(disk("file", "disk", "qcow2", top.toString(), null, "vda")
                .replace("      <target", "      <backingStore/>\n      <target"));
        Decision decision = evaluate(xml, StartContext.COLD_BOOT);

        assertEquals(Action.KEEP, disk(decision, "vda").action());
        assertEquals(1, disk(decision, "vda").chain().elements().size());
    }

    @Test
    void multiDiskDomainMixesKeepEjectAndRemoveAndEmitsEventsLastDiskFirst() throws IOException {
        Path present = TestImages.raw(dir.resolve("system.raw"));
        Path overlay = TestImages.qcow2(dir.resolve("scratch.qcow2"), "scratch-base.qcow2", "qcow2");
        String xml = domain(
                disk("file", "disk", "raw", present.toString(), null, "vda"),
                disk("file", "disk", "qcow2", overlay.toString(), "optional", "vdb"),
                disk("file", "cdrom", "raw", dir.resolve("install.iso").toString(), "optional", "sda"),
                disk("file", "floppy", "raw", null, null, "fda"));
        Decision decision = evaluate(xml, StartContext.COLD_BOOT);

        assertEquals(List.of(Action.KEEP, Action.REMOVE, Action.EJECT, Action.KEEP),
                decision.disks().stream().map(DiskDecision::action).toList());
        assertEquals(List.of("sda", "vdb"), decision.events().stream().map(d -> d.disk().target()).toList());
        assertEquals(Verdict.START, decision.verdict());
        assertEquals(List.of(), decision.errors());
    }

    @Test
    void dirDiskNeedsItsFolderAndAnOptionalOneIsRemovedWithoutIt() throws IOException {
        Files.createDirectories(dir.resolve("share"));
        String dirDisk = """
                    <disk type='dir' device='disk'>
                      <driver name='qemu' type='fat'/>
                      <source dir='%s' startupPolicy='optional'/>
                      <target dev='vdb' bus='virtio'/>
                      <readonly/>
                    </disk>
                """;
        Decision present = evaluate(domain(dirDisk.formatted(dir.resolve("share"))), StartContext.COLD_BOOT);
        assertEquals(Action.KEEP, disk(present, "vdb").action());

        Decision gone = evaluate(domain(dirDisk.formatted(dir.resolve("gone"))), StartContext.COLD_BOOT);
        assertEquals(Action.REMOVE, disk(gone, "vdb").action());
        assertEquals("missing", disk(gone, "vdb").problem().kind().label());
    }

    @Test
    void blockLunIsCheckedLikeAFileAndRemovedWhenOptionalAndMissing() {
        Decision decision = evaluate(domain(disk("block", "lun", "raw", dir.resolve("wwn-0x5000c500").toString(),
                "optional", "sdb")), StartContext.COLD_BOOT);
        assertEquals(Action.REMOVE, disk(decision, "sdb").action());
        assertEquals("Cannot access storage file '" + dir.resolve("wwn-0x5000c500") + "': No such file or directory",
                disk(decision, "sdb").problem().message());
    }

    @Test
    void aDefinitionErrorNamesTheDiskOrHostDeviceItIsAbout() throws IOException {
        Path a = TestImages.raw(dir.resolve("a.raw"));
        Path b = TestImages.raw(dir.resolve("b.raw"));
        String pciWithPolicy = """
                    <hostdev mode='subsystem' type='pci' managed='yes'>
                      <source startupPolicy='optional'>
                        <address domain='0x0000' bus='0x06' slot='0x00' function='0x0'/>
                      </source>
                    </hostdev>
                """;
        Decision decision = evaluate(domain(disk("file", "disk", "raw", a.toString(), null, "vda"),
                disk("file", "disk", "raw", b.toString(), null, "vda"), pciWithPolicy), StartContext.COLD_BOOT);

        assertEquals(Verdict.FAIL, decision.verdict());
        assertEquals(List.of(
                new StartErrorMessage("hostdev #0 (pci)",
                        "unsupported configuration: Setting startupPolicy is only allowed for USB devices"),
                new StartErrorMessage("vda", "XML error: target 'vda' duplicated for disk sources '" + a + "' and '" + b + "'")),
                decision.errors());
    }
}
