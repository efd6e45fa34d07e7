package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** The test command as a site runs it over its scenarios. */
class TestCommandTest {
    @TempDir
    Path dir;

    private static final String CLASSIC = """
            name: "optional overlay with a missing backing file"
            files:
              /var/lib/libvirt/images/top.qcow2: {format: qcow2, backing: base.qcow2, backingFormat: qcow2}
            domain: |
              <domain type='kvm'>
                <name>guest</name>
                <devices>
                  <disk type='file' device='disk'>
                    <driver name='qemu' type='qcow2'/>
                    <source file='/var/lib/libvirt/images/top.qcow2' startupPolicy='optional'/>
                    <target dev='vda' bus='virtio'/>
                  </disk>
                </devices>
              </domain>
            expect:
              verdict: start
              disks:
                vda: {action: %s, event: drop-missing-on-start, problem: /var/lib/libvirt/images/base.qcow2}
            """;

    @Test
    void projectSuitePassesWithFullCoverageOfTheBaseline() {
        CommandRun run = CommandRun.of("test", "--coverage", "--threshold", "100", "rules/tests");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("rule coverage: 58 of 58 rules fired (100.0%)"), run.out());
        assertTrue(run.out().endsWith(" passed, 0 failed\n"), run.out());
    }

    @Test
    void wrongExpectationFailsWithAWantGotLineAndExit1() throws IOException {
        Path scenario = Files.writeString(dir.resolve("wrong.yaml"), CLASSIC.formatted("eject"));
        CommandRun run = CommandRun.of("test", scenario.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("optional overlay with a missing backing file  FAIL"), run.out());
        assertTrue(run.out().contains("    vda.action: want eject, got remove\n"), run.out());
        assertTrue(run.out().endsWith("0 passed, 1 failed\n"), run.out());
    }

    @Test
    void scenarioNamingADiskTheDomainLacksFails() throws IOException {
        Path scenario = Files.writeString(dir.resolve("nodisk.yaml"),
                CLASSIC.formatted("remove") + "    vdz: {action: keep}\n");
        CommandRun run = CommandRun.of("test", scenario.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("vdz: want a disk vdz, got none (the domain has [vda])"), run.out());
    }

    @Test
    void malformedScenarioExits2NamingFileAndLine() throws IOException {
        Path scenario = Files.writeString(dir.resolve("bad.yaml"), CLASSIC.formatted("remove")
                .replace("expect:", "expects:"));
        CommandRun run = CommandRun.of("test", scenario.toString());
        assertEquals(2, run.exitCode());
        assertEquals("virt-startup-policy: " + scenario + ":15: unknown key 'expects' (did you mean 'expect'?)\n", run.err());
    }

    @Test
    void impossibleValueExits2NamingFileAndLine() throws IOException {
        Path scenario = Files.writeString(dir.resolve("bad.yaml"), "---\n" + CLASSIC.formatted("remove") + "---\n"
                + CLASSIC.formatted("explode"));
        CommandRun run = CommandRun.of("test", scenario.toString());
        assertEquals(2, run.exitCode());
        assertEquals("virt-startup-policy: " + scenario + ":38: action is keep, eject, remove or fail, not 'explode'\n",
                run.err());
    }

    @Test
    void runSelectsScenariosByName() throws IOException {
        Path scenario = Files.writeString(dir.resolve("two.yaml"), CLASSIC.formatted("remove") + "---\n"
                + CLASSIC.formatted("eject").replace("optional overlay", "other overlay"));
        CommandRun run = CommandRun.of("test", "--run", "^optional", scenario.toString());
        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().endsWith("1 passed, 0 failed\n"));
    }

    @Test
    void junitOutputHasATestcasePerScenarioWithTheFailure() throws Exception {
        Path scenario = Files.writeString(dir.resolve("two.yaml"), CLASSIC.formatted("remove") + "---\n"
                + CLASSIC.formatted("eject").replace("optional overlay", "other overlay"));
        CommandRun run = CommandRun.of("test", "--output", "junit", scenario.toString());

        assertEquals(1, run.exitCode());
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(run.out())));
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertEquals("2", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        Element failure = (Element) xml.getElementsByTagName("failure").item(0);
        assertEquals("vda.action: want eject, got remove", failure.getAttribute("message"));
        assertEquals("other overlay with a missing backing file",
                ((Element) failure.getParentNode()).getAttribute("name"));
    }

    @Test
    void jsonOutputListsResultsAndCoverage() throws IOException {
        Path scenario = Files.writeString(dir.resolve("one.yaml"), CLASSIC.formatted("remove"));
        CommandRun run = CommandRun.of("test", "--output", "json", "--coverage", scenario.toString());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("pass", json.get("scenarios").get(0).get("result").asText());
        assertEquals(1, json.get("passed").asInt());
        assertTrue(json.get("coverage").get("percent").asDouble() < 100);
    }

    @Test
    void thresholdFailsARunWhoseCoverageIsTooLow() throws IOException {
        Path scenario = Files.writeString(dir.resolve("one.yaml"), CLASSIC.formatted("remove"));
        CommandRun run = CommandRun.of("test", "--threshold", "90", scenario.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("virt-startup-policy: rule coverage "), run.err());
    }

    @Test
    void deletingABaselineRuleMakesTheProjectSuiteFail() throws IOException {
        Path baseline = Files.createDirectories(dir.resolve("libvirt"));
        try (Stream<Path> files = Files.list(Path.of("rules/libvirt"))) {
            for (Path file : files.toList()) {
                Files.copy(file, baseline.resolve(file.getFileName()));
            }
        }
        String action = Files.readString(baseline.resolve("30-action.drl"));
        int start = action.indexOf("// Row \"optional, cold-boot, disk or lun\"");
        int end = action.indexOf("end\n", start) + "end\n".length();
        Files.writeString(baseline.resolve("30-action.drl"), action.substring(0, start) + action.substring(end));
        Path config = Files.writeString(dir.resolve("config.yaml"), "rules:\n  baseline: libvirt\n");

        CommandRun run = CommandRun.of("test", "--config", config.toString(), "rules/tests");
        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("optional disk with a missing backing file on cold-boot: remove"), run.out());
        assertTrue(run.out().contains("the rules gave 0 final actions for disk"), run.out());
    }

    @Test
    void aValueOfTheWrongKindNamesTheKeyWhatItTakesAndItsLineNotAJavaClass() throws IOException {
        Path scenario = Files.writeString(dir.resolve("bad.yaml"), CLASSIC.formatted("remove")
                .replace("  /var/lib/libvirt/images/top.qcow2: {format: qcow2, backing: base.qcow2, backingFormat: qcow2}",
                        "  /var/lib/libvirt/images/top.qcow2: 1"));
        CommandRun run = CommandRun.of("test", scenario.toString());
        assertEquals(2, run.exitCode());
        assertEquals("virt-startup-policy: " + scenario + ":3: wrong value for 'files./var/lib/libvirt/images/top.qcow2':"
                + " want a mapping with the keys format, backing, backingFormat, missing, mode, symlink, fifo, dataFile,"
                + " directory, got '1'\n", run.err());
    }

    @Test
    void aFolderWithoutScenariosIsAnErrorUnlessAllowed() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CommandRun run = CommandRun.of("test", empty.toString());
        assertEquals(2, run.exitCode());
        assertEquals("virt-startup-policy: " + empty + ": no scenario files (*.yaml, *.yml) there (--allow-empty"
                + " accepts that)\n", run.err());
        assertEquals("", run.out());

        CommandRun allowed = CommandRun.of("test", "--allow-empty", empty.toString());
        assertEquals(0, allowed.exitCode(), allowed.err());
        assertTrue(allowed.out().endsWith("0 passed, 0 failed\n"), allowed.out());

        Path scenario = Files.writeString(dir.resolve("one.yaml"), CLASSIC.formatted("remove"));
        CommandRun none = CommandRun.of("test", "--run", "no such name", scenario.toString());
        assertEquals(2, none.exitCode());
        assertEquals("virt-startup-policy: --run no such name: no scenario's name matches, of 1\n", none.err());
    }

    @Test
    void siteCoverageCountsOnlyTheSitesOwnRules() throws IOException {
        Path scenario = Files.writeString(dir.resolve("site.yaml"), CLASSIC.formatted("remove"));
        CommandRun run = CommandRun.of("test", "--rules", "rules/examples/protect-boot-disk.drl", "--rules",
                "rules/examples/strict-restore.drl", "--coverage=site", "--threshold", "100", scenario.toString());

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("rule coverage of the site's rules: "), run.out());
        assertTrue(run.out().contains(" of 2 rules fired ("), run.out());
        assertTrue(run.out().contains("never fired:\n"), run.out());
        assertTrue(run.out().contains("  Missing disk fails a restore (rules/examples/strict-restore.drl)\n"), run.out());
        assertTrue(!run.out().contains("rules/libvirt/"), "the baseline is not counted: " + run.out());
        assertTrue(run.err().contains("is below the threshold 100.0%"), run.err());

        CommandRun all = CommandRun.of("test", "--coverage", scenario.toString());
        assertTrue(all.out().contains("rules/libvirt/30-action.drl"), all.out());
        assertEquals(2, CommandRun.of("test", "--coverage=site", scenario.toString()).exitCode(),
                "no site rule in force: nothing to count");
        assertEquals(2, CommandRun.of("test", "--coverage=bogus", scenario.toString()).exitCode());
    }
}
