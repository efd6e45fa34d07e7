package org.virtstartuppolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtstartuppolicy.TestDomains.disk;
import static org.virtstartuppolicy.TestDomains.domain;
import static org.virtstartuppolicy.TestDomains.errorMessages;
import static org.virtstartuppolicy.TestDomains.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.facts.ChangeEvent;
import org.virtstartuppolicy.facts.Verdict;

/**
 * Every row of the decision table (semantics section 3), for cdrom, floppy, disk and lun, in all
 * four start contexts, on real images whose top is present and whose backing file is missing. A
 * LUN holds raw data only (libvirt refuses it in any other format): its chain is its device
 * alone, and that is what is missing.
 */
class BaselineDecisionTableTest {

    /** The table as the semantics document writes it: policy, contexts, cdrom/floppy, disk/lun. */
    private static final String[][] TABLE = {
        {"absent", "cold-boot restore migrate revert", "fail", "fail"},
        {"mandatory", "cold-boot restore migrate revert", "fail", "fail"},
        {"requisite", "cold-boot", "fail", "invalid"},
        {"requisite", "restore migrate revert", "eject", "invalid"},
        {"optional", "cold-boot", "eject", "remove"},
        {"optional", "restore migrate revert", "eject", "fail"},
    };

    @TempDir
    Path dir;

    static Stream<Arguments> rows() {
        List<Arguments> rows = new ArrayList<>();
        for (String[] row : TABLE) {
            for (String context : row[1].split(" ")) {
                for (String device : List.of("cdrom", "floppy", "disk", "lun")) {
                    boolean removable = device.equals("cdrom") || device.equals("floppy");
                    rows.add(Arguments.of(row[0], context, device, removable ? row[2] : row[3]));
                }
            }
        }
        return rows.stream();
    }

    /** A target libvirt accepts for the device: a floppy's is fd-something. */
    private static String target(String device) {
        return device.equals("floppy") ? "fda" : "sdx";
    }

    @ParameterizedTest(name = "{0} {2} on {1}: {3}")
    @MethodSource("rows")
    void missingBackingFileFollowsTheDecisionTable(String policy, String context, String device, String expected)
            throws IOException {
        boolean lun = device.equals("lun");
        Path top = lun ? dir.resolve("lun.raw") : TestImages.qcow2(dir.resolve("top.qcow2"), "base.qcow2", "qcow2");
        String missing = lun ? top.toString() : dir.resolve("base.qcow2").toString();
        String xml = domain(disk(lun ? "block" : "file", device, lun ? "raw" : "qcow2", top.toString(),
                policy.equals("absent") ? null : policy, target(device)));

        Decision decision = evaluate(xml, StartContext.ofLabel(context));
        DiskDecision disk = disk(decision, target(device));

        switch (expected) {
            case "fail" -> {
                assertEquals(Action.FAIL, disk.action());
                assertNull(disk.event());
                assertEquals(Verdict.FAIL, decision.verdict());
                // libvirt names QEMU's account only for an image that may have backing files (not raw).
                assertEquals(List.of(lun ? "Cannot access storage file '" + missing + "': No such file or directory"
                        : "Cannot access backing file '" + missing + "' of storage file '" + top + "' (as "
                        + org.virtstartuppolicy.image.QemuUser.current().label() + "): No such file or directory"),
                        errorMessages(decision));
            }
            case "eject" -> {
                assertEquals(Action.EJECT, disk.action());
                assertEquals(ChangeEvent.MISSING_ON_START, disk.event());
                assertEquals(Verdict.START, decision.verdict());
                assertTrue(decision.errors().isEmpty());
            }
            case "remove" -> {
                assertEquals(Action.REMOVE, disk.action());
                assertEquals(ChangeEvent.DROP_MISSING_ON_START, disk.event());
                assertEquals(Verdict.START, decision.verdict());
            }
            case "invalid" -> {
                assertEquals(Action.FAIL, disk.action());
                assertEquals(Verdict.FAIL, decision.verdict());
                assertEquals(List.of("XML error: disk startupPolicy 'requisite' is allowed only for cdrom or floppy"),
                        errorMessages(decision));
            }
            default -> throw new AssertionError(expected);
        }
        if (!expected.equals("invalid")) {
            assertEquals(missing, disk.problem().path());
            assertEquals(lun ? null : top.toString(), disk.problem().referencedBy());
            assertTrue(disk.reason().contains(missing), disk.reason());
        }
    }

    static Stream<Arguments> validPolicies() {
        return Arrays.stream(StartContext.values()).flatMap(context -> Stream.of(
                Arguments.of(null, "disk", context), Arguments.of("mandatory", "lun", context),
                Arguments.of("requisite", "cdrom", context), Arguments.of("optional", "floppy", context),
                Arguments.of("optional", "disk", context)));
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @MethodSource("validPolicies")
    void diskWithItsWholeChainPresentIsKeptWhateverThePolicy(String policy, String device, StartContext context)
            throws IOException {
        boolean lun = device.equals("lun");
        Path base = TestImages.raw(dir.resolve("base.raw"));
        Path top = lun ? base : TestImages.qcow2(dir.resolve("top.qcow2"), "base.raw", "raw");
        Decision decision = evaluate(domain(disk(lun ? "block" : "file", device, lun ? "raw" : "qcow2",
                top.toString(), policy, target(device))), context);

        DiskDecision disk = disk(decision, target(device));
        assertEquals(Action.KEEP, disk.action());
        assertNull(disk.event());
        assertNull(disk.problem());
        assertEquals(lun ? 1 : 2, disk.chain().elements().size());
        assertEquals(Verdict.START, decision.verdict());
    }
}
