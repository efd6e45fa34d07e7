package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.config.ConfigReader;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.image.QemuUser;
import org.virtstartuppolicy.report.OutputFormat;
import org.virtstartuppolicy.report.Report;
import org.virtstartuppolicy.rules.PolicyRules;
import org.virtstartuppolicy.rules.RuleFiles;

/** Evaluating a whole host in one process gives what evaluating each guest alone gives, each named by its file. */
class BatchEvaluationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** 1,000 guests cycling through keep, remove, eject and fail, on shared real images. */
    private Path guests(int count) throws IOException {
        Path present = TestImages.raw(dir.resolve("images/present.raw"));
        Path overlay = TestImages.qcow2(dir.resolve("images/overlay.qcow2"), "gone.qcow2", "qcow2");
        String missing = dir.resolve("images/missing.iso").toString();
        Path folder = Files.createDirectories(dir.resolve("guests"));
        for (int i = 0; i < count; i++) {
            String disks = switch (i % 4) {
                case 0 -> TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda");
                case 1 -> TestDomains.disk("file", "disk", "qcow2", overlay.toString(), "optional", "vda");
                case 2 -> TestDomains.disk("file", "cdrom", "raw", missing, "optional", "sda")
                        + TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda");
                default -> TestDomains.disk("file", "disk", "qcow2", overlay.toString(), null, "vda");
            };
            Files.writeString(folder.resolve(String.format("guest%04d.xml", i)),
                    TestDomains.domain(disks).replace("<name>guest</name>", "<name>guest" + i + "</name>"));
        }
        return folder;
    }

    /**
     * Each of 1,000 guests decided alone, as a single {@code evaluate} decides it (read, parsed,
     * evaluated with rules compiled for it, reported as one document), gives what the parallel
     * batch printed for it. The rules are compiled once for the 1,000 rather than once per guest,
     * which made this one test take minutes; {@link #eachKindOfGuestRunAloneThroughTheCommandLineMatchesTheBatch}
     * runs the whole command line, compiling its own rules, once per kind of guest.
     */
    @Test
    void batchOf1000DomainsGivesTheSameResultsAsEachDomainDecidedAlone() throws IOException {
        Path folder = guests(1000);
        CommandRun batch = CommandRun.of("evaluate", "--output", "json", folder.toString());

        assertEquals(1, batch.exitCode(), "the worst exit code: some guests fail");
        List<String> lines = batch.out().lines().toList();
        assertEquals(1000, lines.size());
        assertEquals("summary: 1000 files: 1000 domains read, 0 could not be read; 1000 decided (250 fail, 750 start);"
                + " 1250 disks (250 eject, 250 fail, 500 keep, 250 remove)\n", batch.err());

        Config settings = ConfigReader.find(null);
        PolicyRules rules = PolicyRules.compile(RuleFiles.inForce(settings.baselineRules(), settings.siteRules()));
        QemuUser me = QemuUser.current();
        Evaluation alone = Evaluation.of(settings, rules, null, new HostSelection(null, me.uid() + ":" + me.gid()), null);
        List<Path> files = files(folder);
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Decision decision = alone.decide(DomainSource.read(files.get(i), null, alone.limits().domainXmlBytes()).domain(),
                    settings.startContext());
            ObjectNode inBatch = (ObjectNode) JSON.readTree(lines.get(i));
            assertEquals(files.get(i).toString(), inBatch.remove("file").asText(), "the batch names each input");
            if (!JSON.readTree(Report.of(decision, OutputFormat.JSON, false, false)).equals(inBatch)) {
                mismatches.add(files.get(i).getFileName().toString());
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void eachKindOfGuestRunAloneThroughTheCommandLineMatchesTheBatch() throws IOException {
        Path folder = guests(4);
        List<String> lines = CommandRun.of("evaluate", "--output", "json", folder.toString()).out().lines().toList();
        List<Path> files = files(folder);
        for (int i = 0; i < files.size(); i++) {
            CommandRun single = CommandRun.of("evaluate", "--output", "json", files.get(i).toString());
            JsonNode alone = JSON.readTree(single.out());
            ObjectNode inBatch = (ObjectNode) JSON.readTree(lines.get(i));
            inBatch.remove("file");
            assertEquals(alone, inBatch, files.get(i).toString());
            assertEquals(alone.get("verdict").asText().equals("start") ? 0 : 1, single.exitCode());
            assertTrue(single.err().isEmpty(), "no summary for a single domain: " + single.err());
        }
    }

    private static List<Path> files(Path folder) throws IOException {
        try (var listing = Files.list(folder)) {
            return listing.sorted().toList();
        }
    }

    /**
     * The same batch, with site rules, decided with the rules compiled in memory (no usable cache),
     * compiled and cached, then loaded from the cache, one domain at a time and several at once:
     * the same JSON, in the input's order, and the decision log in that order too.
     */
    @Test
    void batchDecidesAlikeWithAndWithoutTheCacheInParallelAndInSequence() throws IOException {
        Path folder = guests(200);
        Path cache = dir.resolve("cache");
        Path cached = Files.writeString(dir.resolve("cached.yaml"), "cacheDir: " + cache + "\n");
        Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "");
        Path uncached = Files.writeString(dir.resolve("uncached.yaml"), "cacheDir: " + notAFolder + "\n");

        CommandRun inMemory = batch(uncached, "--jobs", "1");
        CommandRun compiledAndCached = batch(cached, "--jobs", "1");
        CommandRun loadedInSequence = batch(cached, "--jobs", "1", "--decision-log", dir.resolve("one.jsonl").toString());
        CommandRun loadedInParallel = batch(cached, "--jobs", "4", "--decision-log", dir.resolve("four.jsonl").toString());
        CommandRun loadedDefault = batch(cached);

        String summary = "summary: 200 files: 200 domains read, 0 could not be read; 200 decided (100 fail, 100 start);"
                + " 250 disks (50 eject, 100 fail, 100 keep)\n";
        assertEquals(200, inMemory.out().lines().count());
        assertEquals("virt-startup-policy: rule cache " + notAFolder + " not used (not a folder): the rules are compiled"
                + " in memory\n" + summary, inMemory.err());
        for (CommandRun run : List.of(compiledAndCached, loadedInSequence, loadedInParallel, loadedDefault)) {
            assertEquals(inMemory.out(), run.out());
            assertEquals(summary, run.err());
            assertEquals(1, run.exitCode());
        }
        try (var entries = Files.list(cache)) {
            assertEquals(1, entries.count(), "one compiled rule base");
        }
        assertEquals(loggedDomains(dir.resolve("one.jsonl")), loggedDomains(dir.resolve("four.jsonl")));
        List<String> printed = new ArrayList<>();
        for (String line : inMemory.out().lines().toList()) {
            printed.add(JSON.readTree(line).get("domain").asText());
        }
        assertEquals(printed, loggedDomains(dir.resolve("four.jsonl")));
    }

    private CommandRun batch(Path config, String... options) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--config", config.toString(), "--output", "json",
                "--explain", "--rules", "rules/examples"));
        args.addAll(List.of(options));
        args.add(dir.resolve("guests").toString());
        return CommandRun.of(args.toArray(String[]::new));
    }

    private static List<String> loggedDomains(Path log) throws IOException {
        List<String> domains = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            domains.add(JSON.readTree(line).get("domain").asText());
        }
        return domains;
    }

    @Test
    void aBatchOfOneIsCountedInTheSingular() throws IOException {
        CommandRun run = CommandRun.of("evaluate", "--output", "json", guests(1).toString());
        assertEquals("summary: 1 file: 1 domain read, 0 could not be read; 1 decided (1 start); 1 disk (1 keep)\n",
                run.err());
    }

    @Test
    void batchTextNamesEachFileAndEndsWithASummaryAndAnUnreadableDomainIsReportedNotFatal() throws IOException {
        Path folder = guests(4);
        Files.writeString(folder.resolve("broken.xml"), "<domain>");
        CommandRun run = CommandRun.of("evaluate", folder.toString());

        assertEquals(2, run.exitCode(), "an unreadable domain is the worst outcome");
        assertTrue(run.err().startsWith("virt-startup-policy: " + folder.resolve("broken.xml") + ":1: malformed XML"),
                run.err());
        assertEquals(4, run.out().lines().filter(l -> l.startsWith("domain guest")).count(), run.out());
        assertTrue(run.out().startsWith("file: " + folder.resolve("guest0000.xml") + "\ndomain guest0 ("), run.out());
        assertTrue(run.out().contains("\n\nfile: " + folder.resolve("guest0003.xml") + "\ndomain guest3 ("), run.out());
        assertTrue(run.out().endsWith("\nsummary: 5 files: 4 domains read, 1 could not be read; 4 decided (1 fail, 3 start);"
                + " 5 disks (1 eject, 1 fail, 2 keep, 1 remove)\n"), run.out());
    }
}
