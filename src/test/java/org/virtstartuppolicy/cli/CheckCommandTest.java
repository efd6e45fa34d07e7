package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;

/** check: every problem of the rules and config in force, with file and line; and the runtime guards. */
class CheckCommandTest {
    @TempDir
    Path dir;

    @Test
    void shippedBaselineAndExamplesCheckClean() {
        CommandRun run = CommandRun.of("check", "--rules", "rules/examples");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("ok: 15 rule files compile\n", run.out());
    }

    @Test
    void checkSaysWhichRulesDropOnlyOnARestoreAndWhichGuestsToApply() throws IOException {
        Path root = dir.resolve("host");
        Files.createDirectories(root.resolve("etc/libvirt/qemu"));
        Files.writeString(root.resolve("etc/libvirt/qemu/guest.xml"), TestDomains.domain(
                TestDomains.disk("file", "cdrom", "raw", "/var/lib/libvirt/images/install.iso", null, "sda")));
        Files.writeString(root.resolve("etc/libvirt/qemu/declared.xml"), TestDomains.domain(
                TestDomains.disk("file", "cdrom", "raw", "/var/lib/libvirt/images/install.iso", "optional", "sda"))
                .replace("<name>guest</name>", "<name>declared</name>"));
        CommandRun run = CommandRun.of("check", "--root", root.toString(), "--rules", "rules/examples/cdrom-default-optional.drl",
                "--rules", "rules/tests/site-rules/drop-missing.drl");

        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().contains("note: rules/tests/site-rules/drop-missing.drl:8: rule 'Drop what is missing' drops"
                + " disks with an ActionOverride: that takes effect only on a restore or an incoming migration"), run.out());
        assertTrue(run.out().contains("guest guest: sda: startupPolicy absent -> 'optional' (rule 'Undeclared removable"
                + " medium is optional' in rules/examples/cdrom-default-optional.drl) is the site's policy, not the"
                + " definition's, so libvirt does not apply it on a cold boot: run virt-startup-policy apply guest\n"),
                run.out());
        assertFalse(run.out().contains("guest declared:"), "its definition carries the policy: " + run.out());
    }

    /** Checks one site rule file and returns what check said: it must refuse it. */
    private String refused(String rule) throws IOException {
        Path file = Files.writeString(dir.resolve("site.drl"), """
                package site;
                import org.virtstartuppolicy.domain.Device;
                import org.virtstartuppolicy.facts.*;
                """ + rule);
        CommandRun run = CommandRun.of("check", "--rules", file.toString());
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().startsWith(file + ":"), run.err());
        return run.err();
    }

    @Test
    void aSiteRuleWithoutAStageIsReportedWithWhereItBelongs() throws IOException {
        String err = refused("""
                rule "Media are optional"
                when
                    $disk : DiskFact(removable == true)
                then
                    insert(new PolicyClaim($disk, Policy.OPTIONAL, "media"));
                end
                """);
        assertTrue(err.contains(":4: rule 'Media are optional' has no ruleflow-group, so it runs after the verdict"
                + " and changes nothing: add ruleflow-group \"site-policy\""), err);
    }

    @Test
    void aSiteRuleInAStageThatDoesNotExistOrIsTheBaselinesIsReported() throws IOException {
        String unknown = refused("""
                rule "Media are optional"
                    ruleflow-group "site-polcy"
                when
                    $disk : DiskFact(removable == true)
                then
                    insert(new PolicyClaim($disk, Policy.OPTIONAL, "media"));
                end
                """);
        assertTrue(unknown.contains("is in stage 'site-polcy', which does not exist, so it never fires"), unknown);
        String baseline = refused("""
                rule "Fails what it likes"
                    ruleflow-group "verdict"
                when
                    $disk : DiskFact()
                then
                    insert(new StartError($disk, "no"));
                end
                """);
        assertTrue(baseline.contains("is in the baseline's stage 'verdict'"), baseline);
    }

    @Test
    void aPatternOnAFactInsertedOnlyLaterNeverFiresAndIsReported() throws IOException {
        String err = refused("""
                rule "Fail what is finally removed"
                    ruleflow-group "site-action"
                when
                    FinalAction($disk : disk, action == Action.REMOVE)
                then
                    insert(new ActionOverride($disk, OverrideKind.FAIL, "never"));
                end
                """);
        assertTrue(err.contains(":7: rule 'Fail what is finally removed' matches FinalAction, which stage 'resolve'"
                + " inserts only after stage 'site-action', so it never fires"), err);
    }

    @Test
    void aVocabularyPropertyComparedWithAStringIsReportedWithTheConstantToWrite() throws IOException {
        String err = refused("""
                rule "Removable media are optional"
                    ruleflow-group "site-policy"
                when
                    $disk : DiskFact(device in ("cdrom", "floppy"))
                then
                    insert(new PolicyClaim($disk, Policy.OPTIONAL, "media"));
                end
                """);
        assertTrue(err.contains(":7: rule 'Removable media are optional' compares device with a string, which never"
                + " matches: write Device.CDROM (import org.virtstartuppolicy.domain.Device)"), err);
    }

    @Test
    void aTypoInAVocabularyConstantIsACompileErrorWithFileAndLine() throws IOException {
        String err = refused("""
                rule "Removals fail"
                    ruleflow-group "site-action"
                when
                    DiskAction($disk : disk, action == Action.REMOV)
                then
                    insert(new ActionOverride($disk, OverrideKind.FAIL, "no removals"));
                end
                """);
        assertTrue(err.contains("REMOV"), err);
    }

    @Test
    void anOverrideWrittenWithTheOldStringsSaysHowToWriteItNow() throws IOException {
        String err = refused("""
                rule "Removals fail"
                    ruleflow-group "site-action"
                when
                    DiskAction($disk : disk, action == Action.REMOVE)
                then
                    insert(new ActionOverride($disk, "fail", "no removals"));
                end
                """);
        assertTrue(err.contains("The constructor ActionOverride(DiskFact, String, String) is undefined: write new"
                + " ActionOverride($disk, OverrideKind.FAIL or OverrideKind.DROP, reason)"), err);
    }

    @Test
    void syntaxErrorInOneFileAndTypeErrorInAnotherAreBothReportedWithFileAndLine() throws IOException {
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("a-syntax.drl"), """
                package site;
                import org.virtstartuppolicy.facts.DiskFact;

                rule "Missing its when"
                    DiskFact()
                then
                end
                """);
        Files.writeString(site.resolve("b-type.drl"), """
                package site;
                import org.virtstartuppolicy.facts.DiskFact;

                rule "Compares a field that does not exist"
                    ruleflow-group "site-policy"
                when
                    DiskFact(devise == "cdrom")
                then
                end
                """);

        CommandRun run = CommandRun.of("check", "--rules", site.toString());
        assertEquals(2, run.exitCode());
        List<String> problems = run.err().lines().toList();
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(site.resolve("a-syntax.drl") + ":5: ")), run.err());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(site.resolve("b-type.drl") + ":7: ")
                && p.contains("devise")), run.err());
        assertTrue(problems.stream().noneMatch(p -> p.contains("org.virtstartuppolicy") || p.contains("[ERR ")
                || p.contains("Exception")), "in the tool's words, without Java names or the compiler's codes: "
                + run.err());
    }

    @Test
    void aRuleFolderWithNoRuleFilesIsAnError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CommandRun run = CommandRun.of("check", "-r", empty.toString());
        assertEquals(2, run.exitCode());
        assertEquals(empty + ": no rule files (*.drl) in the folder\n", run.err());
    }

    @Test
    void configProblemAndMissingRuleFolderAreReported() throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), "chainDepthLimit: deep\n");
        CommandRun run = CommandRun.of("check", "--config", config.toString(), "--rules", dir.resolve("nope").toString());
        assertEquals(2, run.exitCode());
        assertEquals(List.of(config + ":1: wrong value for 'chainDepthLimit': want a whole number, got 'deep'",
                dir.resolve("nope") + ": no such rule file or folder"), run.err().lines().toList());
    }

    @Test
    void evaluateRefusesRulesThatDoNotCompile() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.drl"), "package site;\nrule \"x\" when then\n");
        Path guest = Files.writeString(dir.resolve("guest.xml"), TestDomains.domain());
        CommandRun run = CommandRun.of("evaluate", "--rules", broken.toString(), guest.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("virt-startup-policy: " + broken + ":"), run.err());
        assertEquals(1, run.err().lines().count());
    }

    @Test
    void ruleSetThatLoopsForeverIsStoppedByTheFiringLimit() throws IOException {
        Path looping = Files.writeString(dir.resolve("loop.drl"), """
                package site;
                import org.virtstartuppolicy.facts.DiskFact;
                // Takes a disk out and puts it back: it matches again, for ever.
                rule "Reinserts its own fact"
                    ruleflow-group "site-policy"
                when
                    $disk : DiskFact()
                then
                    delete($disk);
                    insert($disk);
                end
                """);
        Path guest = Files.writeString(dir.resolve("guest.xml"), TestDomains.domain(
                TestDomains.disk("file", "cdrom", "raw", null, null, "sda")));
        CommandRun run = CommandRun.of("evaluate", "--rules", looping.toString(), guest.toString());
        assertEquals(2, run.exitCode());
        assertEquals("virt-startup-policy: " + guest + ": the rules fired 100000 times without settling, the limit"
                + " (limits.ruleFirings); stopped (last rule:"
                + " 'Reinserts its own fact' in " + looping + ")\n", run.err());
    }
}
