package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;

/** The evaluate command as a user runs it: outputs, exit codes, and one-line errors. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private static void assertOneLineError(CommandRun run, String expectedStart) {
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("virt-startup-policy: " + expectedStart), run.err());
        assertTrue(!run.err().contains("\tat "), run.err());
    }

    /** The classic case: snap2 → snap1 (renamed away) → fedora18.img. */
    private Path classicGuest(String policy) throws IOException {
        TestImages.raw(dir.resolve("fedora18.img"));
        TestImages.qcow2(dir.resolve("snapshot/snap1.qcow.back"), dir.resolve("fedora18.img").toString(), "raw");
        Path top = TestImages.qcow2(dir.resolve("snapshot/snap2.qcow"), dir.resolve("snapshot/snap1.qcow").toString(),
                "qcow2");
        return Files.writeString(dir.resolve("guest.xml"),
                TestDomains.domain(TestDomains.disk("file", "disk", "qcow2", top.toString(), policy, "vda")));
    }

    @Test
    void jsonOutputOfTheClassicCaseNamesTheMissingFileAndTheOverlay() throws IOException {
        Path guest = classicGuest("optional");
        CommandRun run = run("evaluate", "--output", "json", guest.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("guest", json.get("domain").asText());
        assertEquals("cold-boot", json.get("context").asText());
        assertEquals("start", json.get("verdict").asText());
        JsonNode vda = json.get("disks").get(0);
        assertEquals("remove", vda.get("action").asText());
        assertEquals("drop-missing-on-start", vda.get("event").asText());
        assertEquals("missing", vda.get("problem").get("kind").asText());
        assertEquals(dir.resolve("snapshot/snap1.qcow").toString(), vda.get("problem").get("path").asText());
        assertEquals(dir.resolve("snapshot/snap2.qcow").toString(), vda.get("problem").get("referencedBy").asText());
        assertEquals("Missing optional hard disk is removed on a cold boot", vda.get("decidedBy").get("rule").asText());
        assertEquals("rules/libvirt/30-action.drl", vda.get("decidedBy").get("file").asText());
        assertEquals(false, vda.get("decidedBy").get("siteOverride").asBoolean());
        assertTrue(json.get("errors").isEmpty());
    }

    @Test
    void restoreOfTheClassicCaseFailsWithExitCode1AndTheErrorInYaml() throws IOException {
        Path guest = classicGuest("optional");
        CommandRun run = run("evaluate", "--context", "restore", "--output", "yaml", guest.toString());

        assertEquals(1, run.exitCode(), run.err());
        JsonNode yaml = new YAMLMapper().readTree(run.out());
        assertEquals("fail", yaml.get("verdict").asText());
        assertTrue(yaml.get("errors").get(0).get("message").asText()
                .contains("'" + dir.resolve("snapshot/snap1.qcow") + "'"));
    }

    @Test
    void textOutputIsATableOfDiskPolicyActionAndReason() throws IOException {
        Path guest = classicGuest(null);
        CommandRun run = run("evaluate", guest.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("DISK  DEVICE  POLICY     ACTION  REASON"), run.out());
        // no startupPolicy written: the table applies libvirt's default, and says so
        assertTrue(run.out().contains("vda   disk    mandatory  fail    Cannot access backing file"), run.out());
        assertTrue(run.out().contains("missing: " + dir.resolve("snapshot/snap1.qcow") + " (referred to by "
                + dir.resolve("snapshot/snap2.qcow") + ")"), run.out());
    }

    @Test
    void domainFromStandardInputIsEvaluated() throws IOException {
        Path guest = classicGuest("optional");
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(Files.newInputStream(guest));
            assertEquals(0, run("evaluate", "-").exitCode());
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void siteRulesFromAFolderAreAddedOnTopOfTheBaseline() throws IOException {
        Path guest = classicGuest("optional");
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("audit.drl"), """
                package site;
                import org.virtstartuppolicy.facts.Action;
                import org.virtstartuppolicy.facts.ActionOverride;
                import org.virtstartuppolicy.facts.DiskAction;
                import org.virtstartuppolicy.facts.OverrideKind;
                // Refuses any start that would remove a disk.
                rule "Removing a disk fails the start at this site"
                    ruleflow-group "site-action"
                when
                    $action : DiskAction(action == Action.REMOVE)
                then
                    insert(new ActionOverride($action.disk(), OverrideKind.FAIL, "this site never removes " + $action.disk().target()));
                end
                """);

        CommandRun run = run("evaluate", "--rules", site.toString(), "--output", "json", guest.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().contains("this site never removes vda"), run.out());
    }

    /** A site rule claiming vda optional, where the definition declares no policy. */
    private Path claimVdaOptional() throws IOException {
        return Files.writeString(dir.resolve("claim.drl"), """
                package site;
                import org.virtstartuppolicy.facts.DiskFact;
                import org.virtstartuppolicy.facts.Policy;
                import org.virtstartuppolicy.facts.PolicyClaim;
                rule "Scratch disks are optional"
                    ruleflow-group "site-policy"
                when
                    $disk : DiskFact(target == "vda")
                then
                    insert(new PolicyClaim($disk, Policy.OPTIONAL, "scratch"));
                end
                """);
    }

    @Test
    void aSiteClaimShowsAsTheEffectivePolicyMarkedWithItsRuleNamedUnderTheTable() throws IOException {
        Path guest = classicGuest(null);
        Path claim = claimVdaOptional();
        CommandRun run = run("evaluate", "--rules", claim.toString(), guest.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("\nvda   disk    optional*  remove  Cannot access backing file"), run.out());
        assertTrue(run.out().contains("\n* vda: policy 'optional' claimed by site rule \"Scratch disks are optional\" in "
                + claim + "\n"), run.out());
        assertTrue(run.out().contains("  vda: remove by rule \"Scratch disks are optional\" in " + claim), run.out());
        assertTrue(run.out().contains("vda: a site rule sets startupPolicy 'optional' where the definition declares none"
                + " (mandatory): libvirt itself applies mandatory until it is written in (virt-startup-policy apply guest)"),
                run.out());
        // the only hard disk goes: that is said too
        assertTrue(run.out().contains("domain: every hard disk is removed (vda): the guest starts with none"), run.out());
    }

    @Test
    void jsonSaysWhereEachPolicyCameFromAndThatASiteClaimDecidedTheRow() throws IOException {
        Path guest = classicGuest(null);
        Path claim = claimVdaOptional();

        JsonNode site = new ObjectMapper().readTree(run("evaluate", "-o", "json", "--rules", claim.toString(),
                guest.toString()).out());
        JsonNode vda = site.get("disks").get(0);
        assertEquals("optional", vda.get("effectivePolicy").get("policy").asText());
        assertEquals("site", vda.get("effectivePolicy").get("from").asText());
        assertEquals("Scratch disks are optional", vda.get("effectivePolicy").get("rule").asText());
        assertEquals(claim.toString(), vda.get("effectivePolicy").get("file").asText());
        assertEquals("Scratch disks are optional", vda.get("decidedBy").get("rule").asText());
        assertEquals(true, vda.get("decidedBy").get("siteOverride").asBoolean());
        assertEquals(2, site.get("warnings").size(), site.toString());
        assertTrue(site.get("warnings").get(0).get("target").isNull());
        assertEquals("vda", site.get("warnings").get(1).get("target").asText());

        JsonNode alone = new ObjectMapper().readTree(run("evaluate", "-o", "json", guest.toString()).out());
        JsonNode plain = alone.get("disks").get(0);
        assertEquals("mandatory", plain.get("effectivePolicy").get("policy").asText());
        assertEquals("default", plain.get("effectivePolicy").get("from").asText());
        assertTrue(plain.get("effectivePolicy").get("rule") == null);
        assertEquals(false, plain.get("decidedBy").get("siteOverride").asBoolean());
        assertTrue(alone.get("warnings").isEmpty());
        JsonNode declared = new ObjectMapper().readTree(run("evaluate", "-o", "json", classicGuest("optional").toString())
                .out()).get("disks").get(0);
        assertEquals("definition", declared.get("effectivePolicy").get("from").asText());
    }

    @Test
    void anEmptyImageIsKeptWithAWarningInTextJsonAndYaml() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.img"));
        Path guest = Files.writeString(dir.resolve("guest.xml"),
                TestDomains.domain(TestDomains.disk("file", "disk", "raw", empty.toString(), null, "vda")));

        CommandRun text = run("evaluate", guest.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("\nwarnings:\n  vda: '" + empty + "' is empty (0 bytes): the guest sees a disk with"
                + " nothing on it\n"), text.out());
        JsonNode json = new ObjectMapper().readTree(run("evaluate", "-o", "json", guest.toString()).out());
        assertEquals("vda", json.get("warnings").get(0).get("target").asText());
        assertTrue(json.get("warnings").get(0).get("message").asText().contains("is empty (0 bytes)"));
        assertEquals(0, json.get("disks").get(0).get("chain").get(0).get("virtualSize").asLong());
        JsonNode yaml = new YAMLMapper().readTree(run("evaluate", "-o", "yaml", guest.toString()).out());
        assertTrue(yaml.get("warnings").get(0).get("message").asText().contains("is empty (0 bytes)"));
    }

    @Test
    void malformedXmlExitsWith2AndOneLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.xml"), "<domain><name>x</domain>");
        assertOneLineError(run("evaluate", bad.toString()), bad + ":1: malformed XML");
    }

    @Test
    void doctypeExitsWith2AndOneLine() throws IOException {
        Path hostile = Files.writeString(dir.resolve("xxe.xml"),
                "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/shadow\">]><domain><name>&x;</name></domain>");
        assertOneLineError(run("evaluate", hostile.toString()), hostile + ":1: a DOCTYPE is not allowed");
    }

    @Test
    void missingDomainArgumentExitsWith2AndOneLine() {
        assertOneLineError(run("evaluate"), "missing 'DOMAIN.xml|DIR|-'");
    }

    @Test
    void domainFileThatDoesNotExistExitsWith2() {
        assertOneLineError(run("evaluate", dir.resolve("nope.xml").toString()), dir.resolve("nope.xml") + ": no such file");
    }

    @Test
    void unknownContextExitsWith2() throws IOException {
        assertOneLineError(run("evaluate", "--context", "reboot", classicGuest(null).toString()),
                "--context: ");
    }

    @Test
    void ruleFileThatDoesNotCompileExitsWith2NamingFileAndLine() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.drl"), """
                package site;
                import org.virtstartuppolicy.facts.DiskFact;
                rule "Typo"
                when
                    DiskFact(devise == "cdrom")
                then
                end
                """);
        assertOneLineError(run("evaluate", "--rules", broken.toString(), classicGuest(null).toString()),
                broken + ":5: ");
    }

    @Test
    void ruleThatThrowsExitsWith2NamingTheRuleAndItsFile() throws IOException {
        Path throwing = Files.writeString(dir.resolve("throwing.drl"), """
                package site;
                import org.virtstartuppolicy.facts.DiskFact;
                rule "Divides by zero"
                    ruleflow-group "site-policy"
                when
                    DiskFact()
                then
                    int zero = 0;
                    System.out.println(1 / zero);
                end
                """);
        Path guest = classicGuest(null);
        assertOneLineError(run("evaluate", "--rules", throwing.toString(), guest.toString()),
                guest + ": rule 'Divides by zero' in " + throwing + " failed: ArithmeticException");
    }

    @Test
    void configWithAnUnknownKeyExitsWith2NamingKeyAndLine() throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), "chainDepthLimit: 10\nqemu_user: 107\n");
        assertOneLineError(run("evaluate", "--config", config.toString(), classicGuest(null).toString()),
                config + ":2: unknown key 'qemu_user'");
    }

    @Test
    void shippedClassicExampleRemovesTheOverlayAndNamesTheMissingFileAndItsOverlay() {
        CommandRun run = run("evaluate", "--root", "src/examples/classic/host", "src/examples/classic/fedora18.xml");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("vda   disk    optional   remove  Cannot access backing file "
                + "'/var/lib/libvirt/images/snapshot/snap1.qcow' of storage file "
                + "'/var/lib/libvirt/images/snapshot/snap2.qcow'"), run.out());
        assertTrue(run.out().contains("vdb   disk    mandatory  keep"), run.out());
        assertTrue(run.out().contains("hdc   cdrom   optional   eject"), run.out());
        // vda is the disk the guest boots from
        assertTrue(run.out().contains("\nwarnings:\n  vda: the guest boots from vda, which is removed: it may not boot\n"),
                run.out());
    }

    @Test
    void shippedExampleIsJudgedForTheDebianAccountItsHostDefines() {
        StringWriter out = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
                .execute("evaluate", "--root", "src/examples/classic/host", "src/examples/classic/fedora18.xml");

        assertEquals(0, code);
        assertTrue(out.toString().contains("access judged as QEMU's account uid:64055, gid:64055"
                + " (the distribution's default account libvirt-qemu)\n"), out.toString());
        assertTrue(out.toString().contains("(as uid:64055, gid:64055): No such file or directory"), out.toString());
    }

    @Test
    void writeDomainWritesTheEffectiveDefinitionAndNeverTheInputUnlessAsked() throws IOException {
        Path guest = classicGuest("optional");
        String input = Files.readString(guest);
        Path effective = dir.resolve("effective.xml");

        assertEquals(0, run("evaluate", "--write-domain", effective.toString(), guest.toString()).exitCode());
        assertTrue(Files.readString(effective).contains("<devices>"));
        assertTrue(!Files.readString(effective).contains("snap2.qcow"), "the removed disk is gone");
        try (var leftovers = Files.list(dir)) {
            assertEquals(0, leftovers.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
        }

        CommandRun refused = run("evaluate", "--write-domain", guest.toString(), guest.toString());
        assertEquals(2, refused.exitCode());
        assertEquals("virt-startup-policy: " + guest + ": is the input; pass --overwrite to replace it\n", refused.err());
        assertEquals(input, Files.readString(guest));

        assertEquals(0, run("evaluate", "--write-domain", guest.toString(), "--overwrite", guest.toString()).exitCode());
        assertEquals(Files.readString(effective), Files.readString(guest));
    }

    @Test
    void writeDomainIntoAFolderThatIsNotThereNamesTheFileAndTheReason() throws IOException {
        Path guest = classicGuest("optional");
        Path target = dir.resolve("nodir/x.xml");
        assertOneLineError(run("evaluate", "--write-domain", target.toString(), guest.toString()),
                target + ": cannot write the effective definition: no such folder " + dir.resolve("nodir") + "\n");
    }

    /** A rule file that does not compile: any error about the arguments must come before the compiler's. */
    private Path brokenRules() throws IOException {
        return Files.writeString(dir.resolve("broken.drl"), "package site;\nrule \"Broken\" when then nonsense(\nend\n");
    }

    @Test
    void argumentsAndInputFilesAreCheckedBeforeAnyRuleIsCompiled() throws IOException {
        Path guest = classicGuest("optional");
        String broken = brokenRules().toString();
        assertOneLineError(run("evaluate", "--rules", broken, dir.resolve("nope.xml").toString()),
                dir.resolve("nope.xml") + ": no such file\n");
        assertOneLineError(run("evaluate", "--rules", broken, "--as-user", "garbage", guest.toString()),
                "--as-user 'garbage': no user 'garbage' in /etc/passwd\n");
        assertOneLineError(run("evaluate", "--rules", broken, "--jobs", "0", guest.toString()),
                "--jobs must be at least 1, not 0\n");
        assertOneLineError(run("evaluate", "--rules", broken, "--jobs", "many", guest.toString()),
                "--jobs: 'many' is not a whole number (see 'virt-startup-policy evaluate --help')\n");
        assertOneLineError(run("evaluate", "--rules", broken, "--root", dir.resolve("nope").toString(), guest.toString()),
                dir.resolve("nope") + ": --root must name a folder\n");
        assertOneLineError(run("evaluate", "--rules", broken, "--write-domain", dir.resolve("nodir/x.xml").toString(),
                guest.toString()), dir.resolve("nodir/x.xml") + ": cannot write the effective definition: no such folder ");
        assertOneLineError(run("evaluate", "--rules", broken, "--output", "xml", guest.toString()),
                "--output: 'xml' is not one of text, json, yaml (see 'virt-startup-policy evaluate --help')\n");
        assertOneLineError(run("evaluate", "--rules", broken, guest.toString()), broken + ":");
    }

    @Test
    void aFolderWithNoDomainXmlIsAnErrorUnlessAllowed() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "not a domain");
        assertOneLineError(run("evaluate", empty.toString()),
                empty + ": no domain XML (*.xml) in the folder (--allow-empty accepts that)\n");

        CommandRun allowed = run("evaluate", "--allow-empty", empty.toString());
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertEquals("summary: 0 files: 0 domains read, 0 could not be read; 0 decided (none); 0 disks (none)\n",
                allowed.out());
    }

    @Test
    void aRuleFolderWithNoRuleFilesIsAnError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("rules"));
        assertOneLineError(run("evaluate", "--rules", empty.toString(), classicGuest(null).toString()),
                empty + ": no rule files (*.drl) in the folder\n");
    }

    @Test
    void shortOptionsAreThoseOfTheEcosystem() throws IOException {
        Path guest = classicGuest("optional");
        Path config = Files.writeString(dir.resolve("config.yaml"), "context: restore\n");
        CommandRun run = run("evaluate", "-o", "json", "-c", config.toString(), "-r", "rules/examples/strict-restore.drl",
                guest.toString());
        assertEquals(1, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("restore", json.get("context").asText());
        assertEquals("fail", json.get("verdict").asText());
    }
}
