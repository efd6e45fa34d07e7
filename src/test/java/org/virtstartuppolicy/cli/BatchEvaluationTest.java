package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;

/** Evaluating a whole host in one process gives what evaluating each guest alone gives. */
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

    @Test
    void batchOf1000DomainsGivesTheSameResultsAs1000SingleRuns() throws IOException {
        Path folder = guests(1000);
        CommandRun batch = CommandRun.of("evaluate", "--output", "json", folder.toString());

        assertEquals(1, batch.exitCode(), "the worst exit code: some guests fail");
        List<String> lines = batch.out().lines().toList();
        assertEquals(1000, lines.size());
        assertEquals("summary: 1000 domains (250 fail, 750 start), 1250 disks (250 eject, 250 fail, 500 keep,"
                + " 250 remove)\n", batch.err());

        List<Path> files;
        try (var listing = Files.list(folder)) {
            files = listing.sorted().toList();
        }
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            CommandRun single = CommandRun.of("evaluate", "--output", "json", files.get(i).toString());
            JsonNode alone = JSON.readTree(single.out());
            JsonNode inBatch = JSON.readTree(lines.get(i));
            if (!alone.equals(inBatch)) {
                mismatches.add(files.get(i).getFileName().toString());
            }
            assertEquals(alone.get("verdict").asText().equals("start") ? 0 : 1, single.exitCode());
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void batchTextEndsWithASummaryAndAnUnreadableDomainIsReportedNotFatal() throws IOException {
        Path folder = guests(4);
        Files.writeString(folder.resolve("broken.xml"), "<domain>");
        CommandRun run = CommandRun.of("evaluate", folder.toString());

        assertEquals(2, run.exitCode(), "an unreadable domain is the worst outcome");
        assertTrue(run.err().startsWith("virt-startup-policy: " + folder.resolve("broken.xml") + ": line 1: malformed XML"),
                run.err());
        assertEquals(4, run.out().lines().filter(l -> l.startsWith("domain guest")).count(), run.out());
        assertTrue(run.out().endsWith("\nsummary: 4 domains (1 fail, 3 start, 1 not evaluated), 5 disks (1 eject,"
                + " 1 fail, 2 keep, 1 remove)\n"), run.out());
    }
}
