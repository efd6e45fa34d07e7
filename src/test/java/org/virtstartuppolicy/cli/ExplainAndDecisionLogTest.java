package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.image.QemuUser;

/** Why a disk was dropped, now (--explain) and days later (the decision log and the explain command). */
class ExplainAndDecisionLogTest {
    private static final String DECIDING_RULE = "Missing optional hard disk is removed on a cold boot";

    @TempDir
    Path dir;

    /** snap2.qcow → snap1.qcow (renamed away) → base.raw, as an optional hard disk. */
    private Path guestWithRenamedBackingFile() throws IOException {
        TestImages.raw(dir.resolve("base.raw"));
        TestImages.qcow2(dir.resolve("snap1.qcow.back"), "base.raw", "raw");
        Path top = TestImages.qcow2(dir.resolve("snap2.qcow"), "snap1.qcow", "qcow2");
        return Files.writeString(dir.resolve("guest.xml"),
                TestDomains.domain(TestDomains.disk("file", "disk", "qcow2", top.toString(), "optional", "vda")));
    }

    @Test
    void explanationOfARemovedDiskNamesFileReferrerPolicyContextAndTheDecidingRuleWithItsFile() throws IOException {
        CommandRun run = CommandRun.of("evaluate", "--explain", guestWithRenamedBackingFile().toString());

        assertEquals(0, run.exitCode(), run.err());
        String why = run.out().substring(run.out().indexOf("why vda: remove (drop-missing-on-start)"));
        assertTrue(why.contains("  - '" + dir.resolve("snap1.qcow") + "' (referred to by '" + dir.resolve("snap2.qcow")
                + "') does not exist"), why);
        assertTrue(why.contains("  - the start is a cold boot\n"), why);
        assertTrue(why.contains("  - vda: policy optional (declared)\n      rule \"Declared policy is in force\" in"
                + " rules/libvirt/20-policy.drl\n"), why);
        assertTrue(why.contains("  - vda: remove, event drop-missing-on-start\n      rule \"" + DECIDING_RULE
                + "\" in rules/libvirt/30-action.drl\n"), why);
    }

    @Test
    void withoutExplainTheTextStaysShort() throws IOException {
        CommandRun run = CommandRun.of("evaluate", guestWithRenamedBackingFile().toString());
        assertFalse(run.out().contains("why vda"), run.out());
    }

    @Test
    void jsonExplanationIsATraceArrayPerDiskEndingInTheDecidingRule() throws IOException {
        CommandRun run = CommandRun.of("evaluate", "--explain", "--output", "json",
                guestWithRenamedBackingFile().toString());

        JsonNode trace = new ObjectMapper().readTree(run.out()).get("disks").get(0).get("trace");
        assertTrue(trace.get(0).get("says").asText().contains(dir.resolve("snap1.qcow").toString()));
        assertTrue(trace.get(0).get("rule").isNull());
        JsonNode deciding = trace.get(trace.size() - 2);
        assertEquals(DECIDING_RULE, deciding.get("rule").asText());
        assertEquals("rules/libvirt/30-action.drl", deciding.get("file").asText());
        assertTrue(deciding.get("facts").toString().contains("context cold-boot"), deciding.toString());
        JsonNode last = trace.get(trace.size() - 1);
        assertEquals("vda: finally remove, event drop-missing-on-start", last.get("says").asText());
    }

    @Test
    void withoutExplainJsonHasNoTrace() throws IOException {
        CommandRun run = CommandRun.of("evaluate", "--output", "json", guestWithRenamedBackingFile().toString());
        assertFalse(new ObjectMapper().readTree(run.out()).get("disks").get(0).has("trace"));
    }

    @Test
    void decisionLogLineHasEveryFieldAndExplainFindsTheRemovalLater() throws IOException {
        Path guest = guestWithRenamedBackingFile();
        Path log = dir.resolve("decisions.jsonl");
        assertEquals(0, CommandRun.of("evaluate", "--decision-log", log.toString(), guest.toString()).exitCode());
        assertEquals(1, CommandRun.of("evaluate", "--decision-log", log.toString(), "--context", "restore",
                guest.toString()).exitCode());

        List<String> lines = Files.readAllLines(log);
        assertEquals(2, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        for (String field : List.of("decisionId", "timestamp", "domain", "uuid", "origin", "context", "contextFrom",
                "verdict", "rulesDigest", "host", "disks")) {
            assertTrue(first.hasNonNull(field), field + " in " + first);
        }
        assertTrue(first.get("rulesDigest").asText().matches("sha256:[0-9a-f]{64}"));
        assertEquals("evaluate", first.get("origin").asText());
        assertEquals("evaluate --context", new ObjectMapper().readTree(lines.get(1)).get("contextFrom").asText());
        Instant.parse(first.get("timestamp").asText());
        JsonNode vda = first.get("disks").get(0);
        assertEquals("remove", vda.get("action").asText());
        assertEquals(dir.resolve("snap1.qcow").toString(), vda.get("problem").get("path").asText());
        assertEquals(DECIDING_RULE, vda.get("rules").get(1).asText());

        CommandRun removals = CommandRun.of("explain", "--decision-log", log.toString(), "--action", "remove",
                "--domain", "guest", "--since", "1h");
        assertEquals(0, removals.exitCode(), removals.err());
        assertEquals(1, removals.out().lines().filter(l -> l.contains("  guest (")).count(), removals.out());
        assertTrue(removals.out().contains("vda: remove (drop-missing-on-start)"), removals.out());
        assertTrue(removals.out().contains("\n  from evaluate, context from evaluate, the default context\n"),
                removals.out());
        assertTrue(removals.out().contains("missing: " + dir.resolve("snap1.qcow") + " (referred to by "
                + dir.resolve("snap2.qcow") + ")"), removals.out());

        CommandRun both = CommandRun.of("explain", "--decision-log", log.toString());
        assertTrue(both.out().indexOf("cold-boot: allowed") < both.out().indexOf("restore: refused"), both.out());
        assertEquals(1, CommandRun.of("explain", "--decision-log", log.toString(), "--domain", "other").exitCode());
    }

    @Test
    void explainReportsALineThatIsNotADecisionAndGoesOn() throws IOException {
        Path log = dir.resolve("decisions.jsonl");
        CommandRun.of("evaluate", "--decision-log", log.toString(), guestWithRenamedBackingFile().toString());
        Files.writeString(log, "{\"half a line", java.nio.file.StandardOpenOption.APPEND);

        CommandRun run = CommandRun.of("explain", "--decision-log", log.toString());
        assertEquals(0, run.exitCode());
        assertEquals(log + ":2: not a logged decision, skipped\n", run.err());
    }

    @Test
    void decisionLogThatCannotBeWrittenStopsBeforeAnythingIsDecided() throws IOException {
        Path guest = guestWithRenamedBackingFile();
        Path log = dir.resolve("no-such/folder/decisions.jsonl"); // only a missing last folder is made
        CommandRun run = CommandRun.of("evaluate", "--decision-log", log.toString(), guest.toString());

        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertEquals("virt-startup-policy: " + log + ": cannot write the decision log: no such folder\n", run.err());
    }

    @Test
    void evaluateIsADryRunUnlessTheConfigSaysItLogs() throws IOException {
        Path log = dir.resolve("from-config.jsonl");
        Path config = Files.writeString(dir.resolve("config.yaml"), "decisionLog: " + log + "\n");
        CommandRun.of("evaluate", "--config", config.toString(), guestWithRenamedBackingFile().toString());
        assertFalse(Files.exists(log), "the config's decisionLog is the hook's and the service's");

        Files.writeString(config, "decisionLog: " + log + "\nlogEvaluate: true\n");
        CommandRun.of("evaluate", "--config", config.toString(), guestWithRenamedBackingFile().toString());
        assertEquals(1, Files.readAllLines(log).size());
    }

    /**
     * Eight processes at once, each evaluating four guests and appending as it goes: 32 lines
     * from writers that contend for the file lock, each line whole and none lost. (Eight JVMs
     * rather than 32 keep the test to seconds on two cores; the lock is what is contended either way.)
     */
    @Test
    void thirtyTwoEvaluationsInEightProcessesAtOnceAppendExactly32WholeLines() throws Exception {
        Path guest = guestWithRenamedBackingFile();
        Path log = dir.resolve("decisions.jsonl");
        QemuUser me = QemuUser.current();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "evaluate", "--as-user", me.uid() + ":" + me.gid(), "--decision-log",
                    log.toString(), "--jobs", "1"));
            for (int copy = 0; copy < 4; copy++) {
                command.add(Files.copy(guest, dir.resolve("guest-" + i + "-" + copy + ".xml")).toString());
            }
            processes.add(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(dir.resolve("stderr-" + i).toFile()).start());
        }
        for (Process process : processes) {
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "an evaluation did not finish");
            assertEquals(0, process.exitValue(), Files.readString(dir.resolve("stderr-" + processes.indexOf(process))));
        }

        List<String> lines = Files.readAllLines(log);
        assertEquals(32, lines.size());
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            JsonNode entry = new ObjectMapper().readTree(line);
            assertEquals("guest", entry.get("domain").asText());
            ids.add(entry.get("decisionId").asText());
        }
        assertEquals(32, ids.size());
    }

    @Test
    void explainPicksTheLastNOrOneDecisionByIdAndPrintsEntriesAsTheLogWroteThemInJsonOrYaml() throws IOException {
        Path guest = guestWithRenamedBackingFile();
        Path log = dir.resolve("decisions.jsonl");
        for (String context : List.of("cold-boot", "restore", "migrate")) {
            CommandRun.of("evaluate", "--decision-log", log.toString(), "--context", context, guest.toString());
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(3, lines.size());
        String middle = new ObjectMapper().readTree(lines.get(1)).get("decisionId").asText();

        CommandRun lastTwo = CommandRun.of("explain", "--decision-log", log.toString(), "--last", "2");
        assertEquals(0, lastTwo.exitCode(), lastTwo.err());
        assertFalse(lastTwo.out().contains("cold-boot:"), lastTwo.out());
        assertTrue(lastTwo.out().indexOf("restore: refused") < lastTwo.out().indexOf("migrate: refused"), lastTwo.out());

        CommandRun one = CommandRun.of("explain", "--decision-log", log.toString(), "--decision", middle);
        assertEquals(0, one.exitCode(), one.err());
        assertEquals(1, one.out().lines().filter(l -> l.contains("  guest (")).count(), one.out());
        assertTrue(one.out().contains("restore: refused") && one.out().contains("decision " + middle), one.out());

        CommandRun json = CommandRun.of("explain", "--decision-log", log.toString(), "-o", "json", "--last", "1");
        assertEquals(0, json.exitCode(), json.err());
        assertEquals(1, json.out().lines().count(), json.out());
        assertEquals(new ObjectMapper().readTree(lines.get(2)), new ObjectMapper().readTree(json.out()));
        CommandRun yaml = CommandRun.of("explain", "--decision-log", log.toString(), "-o", "yaml", "--decision", middle);
        assertEquals(new ObjectMapper().readTree(lines.get(1)), new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(yaml.out()));
        // the one-disk guest loses its only hard disk on the cold boot: the logged warning is shown
        CommandRun all = CommandRun.of("explain", "--decision-log", log.toString());
        assertTrue(all.out().contains("  warning: domain: every hard disk is removed (vda): the guest starts with none"),
                all.out());

        CommandRun unknown = CommandRun.of("explain", "--decision-log", log.toString(), "--decision", "no-such-id");
        assertEquals(1, unknown.exitCode());
        assertEquals("virt-startup-policy: " + log + ": none of its 3 decisions matches --decision no-such-id\n",
                unknown.err());
        CommandRun zero = CommandRun.of("explain", "--decision-log", log.toString(), "--last", "0");
        assertEquals(2, zero.exitCode());
        assertEquals("virt-startup-policy: --last 0: want a number of decisions, 1 or more\n", zero.err());
    }

    @Test
    void explainChecksItsOptionsAndSaysWhenNothingMatches() throws IOException {
        Path log = dir.resolve("decisions.jsonl");
        CommandRun.of("evaluate", "--decision-log", log.toString(), guestWithRenamedBackingFile().toString());

        CommandRun bogus = CommandRun.of("explain", "--decision-log", log.toString(), "--action", "bogus");
        assertEquals(2, bogus.exitCode());
        assertEquals("virt-startup-policy: --action: 'bogus' is not an action: keep, eject, remove or fail (see"
                + " 'virt-startup-policy explain --help')\n", bogus.err());

        CommandRun none = CommandRun.of("explain", "--decision-log", log.toString(), "--domain", "other", "--action",
                "eject");
        assertEquals(1, none.exitCode());
        assertEquals("", none.out());
        assertEquals("virt-startup-policy: " + log + ": its one decision does not match --domain other --action eject\n",
                none.err());
        CommandRun.of("evaluate", "--decision-log", log.toString(), guestWithRenamedBackingFile().toString());
        assertEquals("virt-startup-policy: " + log + ": none of its 2 decisions matches --domain other\n",
                CommandRun.of("explain", "--decision-log", log.toString(), "--domain", "other").err());

        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
        CommandRun nothing = CommandRun.of("explain", "--decision-log", empty.toString());
        assertEquals(1, nothing.exitCode());
        assertEquals("virt-startup-policy: " + empty + ": no decision logged yet\n", nothing.err());
    }

    @Test
    void explainReadsTheDecisionLogTheConfigNamesAsEveryCommandDoes() throws IOException {
        Path log = dir.resolve("from-config.jsonl");
        Path config = Files.writeString(dir.resolve("config.yaml"), "decisionLog: " + log + "\nlogEvaluate: true\n");
        CommandRun.of("evaluate", "-c", config.toString(), guestWithRenamedBackingFile().toString());

        CommandRun run = CommandRun.of("explain", "-c", config.toString(), "--domain", "guest");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("vda: remove (drop-missing-on-start)"), run.out());

        Path without = Files.writeString(dir.resolve("without.yaml"), "chainDepthLimit: 10\n");
        CommandRun nowhere = CommandRun.of("explain", "--config", without.toString());
        assertEquals(2, nowhere.exitCode());
        assertEquals("virt-startup-policy: no decision log: give --decision-log FILE, or set decisionLog in " + without
                + "\n", nowhere.err());
    }

    @Test
    void aBinaryDecisionLogIsOneClearLine() throws IOException {
        Path log = Files.write(dir.resolve("decisions.jsonl"), new byte[] {'{', '}', '\n', (byte) 0xc3, 0x28, 0, 1, 2});
        CommandRun run = CommandRun.of("explain", "--decision-log", log.toString());
        assertEquals(2, run.exitCode());
        assertEquals("virt-startup-policy: " + log + ":2: not a decision log: binary data, not lines of JSON text\n",
                run.err());

        Path domain = guestWithRenamedBackingFile();
        CommandRun wrongFile = CommandRun.of("explain", "--decision-log", domain.toString());
        assertEquals(2, wrongFile.exitCode());
        assertEquals("virt-startup-policy: " + domain + ": not a decision log: none of its "
                + Files.readString(domain).lines().filter(l -> !l.isBlank()).count() + " lines is a logged decision\n",
                wrongFile.err());
    }
}
