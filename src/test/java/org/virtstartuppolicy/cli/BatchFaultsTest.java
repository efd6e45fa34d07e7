package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.SmallFileSystem;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.image.QemuUser;

/**
 * Whatever goes wrong with one domain of a batch is reported for that domain, and the others are
 * decided; the host changing during a batch, and file systems that are full, give classified
 * problems or one clear error, never a partial file.
 */
class BatchFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A site rule whose condition throws for one guest: it reads past the end of that guest's name. */
    private static final String THROWING_RULE = """
            package site.faults;

            import org.virtstartuppolicy.facts.DomainFact;

            // Reads past the end of the name of a guest called boom.
            rule "Reads past the end of a name"
                ruleflow-group "site-policy"
            when
                DomainFact(name.startsWith("boom") && name.charAt(40) == 'x')
            then
            end
            """;

    @TempDir
    Path dir;

    private Path present;
    private Path config;
    private Path log;

    @BeforeEach
    void host() throws IOException {
        present = TestImages.raw(dir.resolve("images/present.raw"));
        log = dir.resolve("decisions.jsonl");
        Path rule = Files.writeString(dir.resolve("throwing.drl"), THROWING_RULE);
        QemuUser me = QemuUser.current();
        config = Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid() + "}\n"
                + "decisionLog: " + log + "\nlogEvaluate: true\nrules: {site: [" + rule + "]}\nlimits: {disksPerDomain: 2, domainXmlBytes: 100000}\n");
    }

    private static String guest(String name, String disks) {
        return TestDomains.domain(disks).replace("<name>guest</name>", "<name>" + name + "</name>");
    }

    private String healthyGuest(String name) {
        return guest(name, TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"));
    }

    @Test
    void oneBadDomainNeverEndsTheBatch() throws Exception {
        Path guests = Files.createDirectories(dir.resolve("guests"));
        Files.writeString(guests.resolve("a-first.xml"), healthyGuest("first"));
        Files.writeString(guests.resolve("b-malformed.xml"), "<domain><name>x</name>");
        Files.writeString(guests.resolve("c-doctype.xml"), "<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<domain>&x;</domain>");
        Files.writeString(guests.resolve("d-throws.xml"), healthyGuest("boom"));
        String disk = TestDomains.disk("file", "disk", "raw", present.toString(), null, "vd");
        Files.writeString(guests.resolve("e-many-disks.xml"), guest("many", disk.replace("'vd'", "'vda'")
                + disk.replace("'vd'", "'vdb'") + disk.replace("'vd'", "'vdc'")));
        Files.writeString(guests.resolve("f-deep.xml"), "<domain>" + "<x>".repeat(100) + "</x>".repeat(100) + "</domain>");
        Files.writeString(guests.resolve("f-large.xml"), healthyGuest("large").replace("</domain>",
                "<!--" + "x".repeat(100_000) + "--></domain>"));
        new ProcessBuilder("mkfifo", guests.resolve("g-fifo.xml").toString()).start().waitFor();
        Files.writeString(guests.resolve("h-last.xml"), healthyGuest("last"));

        CommandRun run = CommandRun.of("evaluate", "--config", config.toString(), "--output", "json", guests.toString());

        assertEquals(2, run.exitCode(), "something went wrong: " + run.err());
        List<String> decided = run.out().lines().map(BatchFaultsTest::domainOf).toList();
        assertEquals(List.of("first", "last"), decided);
        String err = run.err();
        assertReported(err, "b-malformed.xml", "malformed XML");
        assertReported(err, "c-doctype.xml", "a DOCTYPE is not allowed");
        assertReported(err, "d-throws.xml", "the rules failed while matching the facts: ");
        assertReported(err, "e-many-disks.xml", "has 3 disks, over the limit of 2 (limits.disksPerDomain)");
        assertReported(err, "f-deep.xml", "nested more than 64 elements deep, the limit");
        assertReported(err, "f-large.xml", "over the limit of 100000 bytes (limits.domainXmlBytes)");
        assertReported(err, "g-fifo.xml", "not a regular file");
        assertEquals(2, Files.readAllLines(log).size(), "the two decisions are logged, whole");
    }

    private static void assertReported(String err, String file, String says) {
        assertTrue(err.lines().anyMatch(line -> line.contains(file) && line.contains(says)),
                file + " is not reported with '" + says + "':\n" + err);
    }

    private static String domainOf(String jsonLine) {
        try {
            return JSON.readTree(jsonLine).get("domain").asText();
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + jsonLine, e);
        }
    }

    /**
     * A batch in its own process, one domain at a time, that stops at standard input ({@code -},
     * the second domain) until {@code change} has been made on the host: the first domain is
     * decided before the change, the last after it.
     */
    private List<JsonNode> batchWithAChangeAfterTheFirst(String firstXml, String second, Path last, IoAction change)
            throws Exception {
        Path first = Files.writeString(dir.resolve("first.xml"), firstXml);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "evaluate", "--jobs", "1", "--config",
                config.toString(), "--output", "json", first.toString(), "-", last.toString()));
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("stderr").toFile()).start();
        List<JsonNode> decisions = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             OutputStream in = process.getOutputStream()) {
            decisions.add(JSON.readTree(out.readLine())); // the first is decided: the batch now waits for standard input
            change.run();
            in.write(second.getBytes(StandardCharsets.UTF_8));
            in.close();
            for (String line; (line = out.readLine()) != null; ) {
                decisions.add(JSON.readTree(line));
            }
        }
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the batch hung");
        return decisions;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /**
     * A batch judges each folder's search permission once, when it first meets it (a host's
     * images share their folders): a folder closed during the batch is seen by the next run.
     * The image files themselves are looked at afresh for every domain.
     */
    @Test
    void aFolderClosedDuringABatchIsSeenByTheNextRun() throws Exception {
        // QEMU's account is another account: a folder it may not search hides the image from it
        QemuUser me = QemuUser.current();
        Files.writeString(config, Files.readString(config).replace("qemu: {uid: " + me.uid() + ", gid: " + me.gid() + "}",
                "qemu: {uid: 64055, gid: 64055}"));
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path image = TestImages.raw(shared.resolve("data.raw"));
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-rw-rw-"));
        String usesIt = guest("first", TestDomains.disk("file", "disk", "raw", image.toString(), "optional", "vda"));
        Path last = Files.writeString(dir.resolve("last.xml"), usesIt.replace("first", "after"));

        List<JsonNode> decisions = batchWithAChangeAfterTheFirst(usesIt, usesIt.replace("first", "second"), last,
                () -> Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx------")));

        assertEquals(List.of("first", "second", "after"), decisions.stream().map(d -> d.get("domain").asText()).toList());
        for (JsonNode decided : decisions) {
            assertEquals("keep", decided.get("disks").get(0).get("action").asText(), decided.toString());
        }
        CommandRun next = CommandRun.of("evaluate", "--as-user", "64055:64055", "--config", config.toString(), "--output",
                "json", last.toString());
        assertEquals(1, next.exitCode(), next.err());
        assertEquals("qemu-cannot-open", JSON.readTree(next.out()).get("disks").get(0).get("problem").get("kind").asText());
    }

    @Test
    void aRuleFileEditedDuringABatchChangesNothingInThatBatch() throws Exception {
        Path rule = dir.resolve("throwing.drl");
        Path last = Files.writeString(dir.resolve("last.xml"), healthyGuest("last"));

        List<JsonNode> decisions = batchWithAChangeAfterTheFirst(healthyGuest("first"), healthyGuest("second"), last,
                () -> Files.writeString(rule, "this no longer compiles"));

        assertEquals(3, decisions.size(), Files.readString(dir.resolve("stderr")));
        List<String> digests = Files.readAllLines(log).stream().map(line -> {
            try {
                return JSON.readTree(line).get("rulesDigest").asText();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).distinct().toList();
        assertEquals(1, digests.size(), "one rule set decided the whole batch: " + digests);
        CommandRun next = CommandRun.of("evaluate", "--config", config.toString(), last.toString());
        assertEquals(2, next.exitCode(), "the next run compiles the edited file: " + next.err());
    }

    @Test
    void aFullDiskUnderTheEffectiveDefinitionIsAnErrorAndLeavesNoFile() throws Exception {
        Path guest = Files.writeString(dir.resolve("guest.xml"), guest("cd", TestDomains.disk("file", "cdrom", "raw",
                dir.resolve("missing.iso").toString(), "optional", "sda")));
        try (SmallFileSystem small = SmallFileSystem.mount(dir.resolve("small"), "16k").fill()) {
            Path target = small.path().resolve("effective.xml");
            CommandRun run = CommandRun.of("evaluate", "--config", config.toString(), "--write-domain", target.toString(),
                    guest.toString());
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().startsWith("virt-startup-policy: " + target) && run.err().contains("No space left on device")
                    && run.err().lines().count() == 1, run.err());
            try (var left = Files.list(small.path())) {
                assertEquals(List.of("filler"), left.map(p -> p.getFileName().toString()).toList());
            }
        }
    }

    @Test
    void aFullDiskUnderTheRuleCacheCompilesInMemoryWithOneLine() throws Exception {
        try (SmallFileSystem small = SmallFileSystem.mount(dir.resolve("small"), "16k")) {
            Path cache = Files.createDirectory(small.path().resolve("cache"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            small.fill();
            Files.writeString(config, Files.readString(config) + "cacheDir: " + cache + "\n");
            Path guest = Files.writeString(dir.resolve("guest.xml"), healthyGuest("cached"));

            CommandRun run = CommandRun.of("evaluate", "--config", config.toString(), guest.toString());

            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("cached"), run.out());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().contains("rule cache " + cache + " not used") && run.err().contains("compiled in memory"),
                    run.err());
            try (var left = Files.list(cache)) {
                assertEquals(List.of(), left.toList(), "nothing half-written in the cache");
            }
        }
    }
}
