package org.virtstartuppolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.virtstartuppolicy.TestDomains.disk;
import static org.virtstartuppolicy.TestDomains.domain;
import static org.virtstartuppolicy.TestDomains.errorMessages;
import static org.virtstartuppolicy.TestDomains.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.facts.Verdict;

/** The definition checks of semantics section 4, with libvirt's messages; an invalid definition never starts. */
class BaselineValidationTest {
    @TempDir
    Path dir;

    private Decision coldBoot(String... disks) {
        return evaluate(domain(disks), StartContext.COLD_BOOT);
    }

    @Test
    void defaultIsNotAStartupPolicyValue() throws IOException {
        Path image = TestImages.raw(dir.resolve("a.img"));
        Decision decision = coldBoot(disk("file", "disk", "raw", image.toString(), "default", "vda"));
        assertEquals(Verdict.FAIL, decision.verdict());
        assertEquals(Action.FAIL, TestDomains.disk(decision, "vda").action());
        assertEquals(List.of("XML error: Invalid value for attribute 'startupPolicy' in element 'source': 'default'."),
                errorMessages(decision));
    }

    @Test
    void requisiteOnAHardDiskOrLunIsInvalidEvenWhenItsImageIsPresent() throws IOException {
        Path image = TestImages.raw(dir.resolve("a.img"));
        Decision decision = coldBoot(disk("file", "disk", "raw", image.toString(), "requisite", "vda"),
                disk("block", "lun", "raw", image.toString(), "requisite", "sdb"));
        assertEquals(Verdict.FAIL, decision.verdict());
        assertEquals(List.of("XML error: disk startupPolicy 'requisite' is allowed only for cdrom or floppy",
                "XML error: disk startupPolicy 'requisite' is allowed only for cdrom or floppy"), errorMessages(decision));
    }

    @Test
    void startupPolicyOnANetworkDiskIsInvalid() {
        String network = """
                    <disk type='network' device='disk'>
                      <driver name='qemu' type='raw'/>
                      <source protocol='nbd' name='export' startupPolicy='optional'>
                        <host name='nbd.example.org' port='10809'/>
                      </source>
                      <target dev='vdc' bus='virtio'/>
                    </disk>
                """;
        Decision decision = coldBoot(network);
        assertEquals(List.of("XML error: disk startupPolicy 'optional' is not allowed for disk of 'network' type"),
                errorMessages(decision));
        assertEquals(Verdict.FAIL, decision.verdict());
    }

    @Test
    void networkDiskWithoutAPolicyIsKeptUnchecked() {
        String network = """
                    <disk type='network' device='disk'>
                      <driver name='qemu' type='raw'/>
                      <source protocol='rbd' name='pool/image'/>
                      <target dev='vdc' bus='virtio'/>
                    </disk>
                """;
        Decision decision = coldBoot(network);
        assertEquals(Action.KEEP, TestDomains.disk(decision, "vdc").action());
        assertEquals(Verdict.START, decision.verdict());
    }

    @Test
    void hardDiskWithoutASourceIsInvalid() {
        Decision decision = coldBoot(disk("file", "disk", "raw", null, null, "vda"));
        assertEquals(List.of("missing source information for device vda"), errorMessages(decision));
        assertEquals(Verdict.FAIL, decision.verdict());
    }

    @Test
    void emptyCdromWithAnOptionalPolicyIsNotChecked() {
        Decision decision = coldBoot(disk("file", "cdrom", "raw", null, "optional", "sda"));
        assertEquals(Action.KEEP, TestDomains.disk(decision, "sda").action());
        assertEquals(Verdict.START, decision.verdict());
        assertNull(TestDomains.disk(decision, "sda").chain());
    }
}
