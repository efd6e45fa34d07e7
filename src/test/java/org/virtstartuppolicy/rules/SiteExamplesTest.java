package org.virtstartuppolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtstartuppolicy.TestDomains.disk;
import static org.virtstartuppolicy.TestDomains.domain;
import static org.virtstartuppolicy.TestDomains.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.TraceStep;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.image.DiskInspector;
import org.virtstartuppolicy.image.QemuUser;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.facts.ChangeEvent;
import org.virtstartuppolicy.facts.Verdict;

/** Each shipped site example changes the outcome it promises on real images; without it, libvirt's stands. */
class SiteExamplesTest {
    private static final Path EXAMPLES = Path.of("rules/examples");

    @TempDir
    Path dir;

    private static PolicyRules baseline() {
        return TestDomains.rulesWith();
    }

    private static PolicyRules with(String example) {
        return TestDomains.rulesWith(EXAMPLES.resolve(example));
    }

    private static Action action(Decision decision, String target) {
        return TestDomains.disk(decision, target).action();
    }

    private String missingIso() {
        return dir.resolve("install.iso").toString();
    }

    @Test
    void cdromDefaultOptionalEjectsAnUndeclaredMissingMediumThatLibvirtWouldFailOn() {
        String xml = domain(disk("file", "cdrom", "raw", missingIso(), null, "sda"),
                disk("file", "floppy", "raw", missingIso(), "mandatory", "fda"));

        Decision libvirt = evaluate(xml, StartContext.COLD_BOOT, baseline(), Map.of());
        assertEquals(Action.FAIL, action(libvirt, "sda"));

        Decision site = evaluate(xml, StartContext.COLD_BOOT, with("cdrom-default-optional.drl"), Map.of());
        assertEquals(Action.EJECT, action(site, "sda"));
        assertEquals(ChangeEvent.MISSING_ON_START, TestDomains.disk(site, "sda").event());
        assertEquals(Action.FAIL, action(site, "fda"), "a declared policy is kept");
        assertTrue(traceNames(TestDomains.disk(site, "sda"), "Undeclared removable medium is optional",
                "rules/examples/cdrom-default-optional.drl"));
    }

    @Test
    void protectBootDiskFailsTheStartWhereLibvirtWouldRemoveTheBootDisk() throws IOException {
        Path boot = TestImages.qcow2(dir.resolve("system.qcow2"), "gone-base.qcow2", "qcow2");
        Path data = TestImages.qcow2(dir.resolve("data.qcow2"), "gone-data.qcow2", "qcow2");
        // per-device boot orders instead of <os><boot dev>: libvirt refuses a definition with both
        String xml = domain(disk("file", "disk", "qcow2", boot.toString(), "optional", "vda")
                        .replace("      <target", "      <boot order='1'/>\n      <target"),
                disk("file", "disk", "qcow2", data.toString(), "optional", "vdb")).replace("    <boot dev='hd'/>\n", "");

        Decision libvirt = evaluate(xml, StartContext.COLD_BOOT, baseline(), Map.of());
        assertEquals(List.of(Action.REMOVE, Action.REMOVE), List.of(action(libvirt, "vda"), action(libvirt, "vdb")));
        assertEquals(Verdict.START, libvirt.verdict());

        Decision site = evaluate(xml, StartContext.COLD_BOOT, with("protect-boot-disk.drl"), Map.of());
        DiskDecision vda = TestDomains.disk(site, "vda");
        assertEquals(Action.FAIL, vda.action());
        assertEquals(Action.REMOVE, action(site, "vdb"), "only the boot disk is protected");
        assertEquals(Verdict.FAIL, site.verdict());
        assertEquals(List.of(vda.problem().message()), TestDomains.errorMessages(site));
        assertEquals("Boot disk is never dropped", vda.decidedBy().rule());
        assertEquals("rules/examples/protect-boot-disk.drl", vda.decidedBy().file());
        assertTrue(vda.decidedBy().siteOverride());
        assertTrue(traceNames(vda, "Boot disk is never dropped", "rules/examples/protect-boot-disk.drl"));
        assertTrue(vda.reason().startsWith("the boot disk vda is never dropped (site override; the table said remove)"));
    }

    @Test
    void protectBootDiskFindsTheBootDiskFromTheLegacyOsBootList() throws IOException {
        Path first = TestImages.qcow2(dir.resolve("first.qcow2"), "gone.qcow2", "qcow2");
        String xml = domain(disk("file", "disk", "qcow2", first.toString(), "optional", "vda"));
        assertTrue(xml.contains("<boot dev='hd'/>"));

        assertEquals(Action.FAIL, action(evaluate(xml, StartContext.COLD_BOOT, with("protect-boot-disk.drl"), Map.of()), "vda"));
    }

    @Test
    void optionalUnderPrefixesRemovesAScratchDiskThatLibvirtWouldFailOn() throws IOException {
        Path scratch = TestImages.qcow2(dir.resolve("srv/scratch/tmp.qcow2"), "gone.qcow2", "qcow2");
        Path elsewhere = TestImages.qcow2(dir.resolve("images/db.qcow2"), "gone.qcow2", "qcow2");
        String xml = domain(disk("file", "disk", "qcow2", scratch.toString(), null, "vdb"),
                disk("file", "disk", "qcow2", elsewhere.toString(), null, "vdc"));
        Map<String, Object> site = Map.of("optionalPrefixes", List.of(dir.resolve("srv/scratch").toString()));

        assertEquals(Action.FAIL, action(evaluate(xml, StartContext.COLD_BOOT, baseline(), site), "vdb"));
        assertEquals(Action.FAIL, action(evaluate(xml, StartContext.COLD_BOOT, with("optional-under-prefixes.drl"),
                Map.of()), "vdb"), "without site prefixes nothing changes");

        Decision decision = evaluate(xml, StartContext.COLD_BOOT, with("optional-under-prefixes.drl"), site);
        assertEquals(Action.REMOVE, action(decision, "vdb"));
        assertEquals(Action.FAIL, action(decision, "vdc"));
        assertTrue(traceNames(TestDomains.disk(decision, "vdb"), "Disk under an optional prefix is optional",
                "rules/examples/optional-under-prefixes.drl"));
    }

    @Test
    void strictRestoreFailsARestoreThatLibvirtWouldStartWithAnEjectedMedium() {
        String xml = domain(disk("file", "cdrom", "raw", missingIso(), "optional", "sda"));

        assertEquals(Action.EJECT, action(evaluate(xml, StartContext.RESTORE, baseline(), Map.of()), "sda"));
        Decision restore = evaluate(xml, StartContext.RESTORE, with("strict-restore.drl"), Map.of());
        assertEquals(Action.FAIL, action(restore, "sda"));
        assertEquals(Verdict.FAIL, restore.verdict());
        assertEquals(Action.EJECT, action(evaluate(xml, StartContext.COLD_BOOT, with("strict-restore.drl"), Map.of()),
                "sda"), "a cold boot is unchanged");
    }

    @Test
    void conflictingSiteOverridesResolveByPrecedenceWhateverTheOrderOfTheFiles() throws IOException {
        Path drop = java.nio.file.Files.writeString(dir.resolve("drop-missing.drl"), """
                package site.test;
                import org.virtstartuppolicy.facts.DiskProblem;
                import org.virtstartuppolicy.facts.ActionOverride;
                import org.virtstartuppolicy.facts.OverrideKind;
                rule "Drop whatever is missing"
                    ruleflow-group "site-action"
                when
                    DiskProblem($disk : disk)
                then
                    insert(new ActionOverride($disk, OverrideKind.DROP, "dropped by the test site"));
                end
                """);
        String xml = domain(disk("file", "cdrom", "raw", missingIso(), "optional", "sda"));
        Path strict = EXAMPLES.resolve("strict-restore.drl");

        for (PolicyRules rules : List.of(TestDomains.rulesWith(strict, drop), TestDomains.rulesWith(drop, strict))) {
            Decision decision = evaluate(xml, StartContext.RESTORE, rules, Map.of());
            assertEquals(Action.FAIL, action(decision, "sda"));
            assertEquals("Missing disk fails a restore", TestDomains.disk(decision, "sda").decidedBy().rule());
        }
        Decision coldBoot = evaluate(xml, StartContext.COLD_BOOT, TestDomains.rulesWith(strict, drop), Map.of());
        assertEquals(Action.EJECT, action(coldBoot, "sda"));
        assertEquals("Drop whatever is missing", TestDomains.disk(coldBoot, "sda").decidedBy().rule());
    }

    @Test
    void siteRuleCanDropADiskLibvirtWouldKeepForSomeDomainsOnly() throws IOException {
        Path rule = java.nio.file.Files.writeString(dir.resolve("no-swap-for-guest.drl"), """
                package site.test;
                import org.virtstartuppolicy.facts.DiskFact;
                import org.virtstartuppolicy.facts.DomainFact;
                import org.virtstartuppolicy.facts.ActionOverride;
                import org.virtstartuppolicy.facts.OverrideKind;
                rule "Guest starts without its swap disk"
                    ruleflow-group "site-action"
                when
                    DomainFact(name == "guest")
                    $disk : DiskFact(bus == "virtio", source matches ".*/swap[.]raw")
                then
                    insert(new ActionOverride($disk, OverrideKind.DROP, "this site starts guest without swap"));
                end
                """);
        Path swap = TestImages.raw(dir.resolve("swap.raw"));
        String xml = domain(disk("file", "disk", "raw", swap.toString(), null, "vdb"));

        assertEquals(Action.KEEP, action(evaluate(xml, StartContext.COLD_BOOT, baseline(), Map.of()), "vdb"));
        DiskDecision vdb = TestDomains.disk(evaluate(xml, StartContext.COLD_BOOT, TestDomains.rulesWith(rule),
                Map.of()), "vdb");
        assertEquals(Action.REMOVE, vdb.action());
        assertEquals("Guest starts without its swap disk", vdb.decidedBy().rule());
        assertEquals("this site starts guest without swap (site override; the table said keep)", vdb.reason());
        assertEquals(Action.KEEP, action(evaluate(xml.replace("<name>guest</name>", "<name>other</name>"),
                StartContext.COLD_BOOT, TestDomains.rulesWith(rule), Map.of()), "vdb"));
    }

    private static boolean traceNames(DiskDecision disk, String rule, String file) {
        for (TraceStep step : disk.trace()) {
            if (rule.equals(step.rule()) && file.equals(step.file())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void decidedByAndTheRulesNameTheSiteRuleEvenWithTheTraceOff() {
        String xml = domain(disk("file", "cdrom", "raw", missingIso(), "optional", "sda"));
        Decision decision = Evaluation.of(Config.DEFAULTS, TestDomains.rulesWith(EXAMPLES.resolve("strict-restore.drl")),
                TestDomains.inspector(QemuUser.current(), Map.of()), false).decide(TestDomains.parse(xml), StartContext.RESTORE);

        DiskDecision sda = TestDomains.disk(decision, "sda");
        assertEquals(List.of(), sda.trace().stream().filter(step -> step.rule() != null).toList(), "no trace");
        assertEquals("Missing disk fails a restore", sda.decidedBy().rule());
        assertTrue(sda.decidedBy().siteOverride());
        assertTrue(sda.rules().contains("Missing disk fails a restore"), sda.rules().toString());
    }
}
