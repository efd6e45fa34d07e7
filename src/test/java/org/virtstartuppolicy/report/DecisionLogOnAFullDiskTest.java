package org.virtstartuppolicy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.SmallFileSystem;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.facts.StartContext;

/** The decision log on a file system that fills up: an error, and never half a line. */
class DecisionLogOnAFullDiskTest {
    @TempDir
    Path dir;

    @Test
    void aFullDiskIsAnErrorNamingTheLogAndLeavesOnlyWholeLines() throws Exception {
        try (SmallFileSystem small = SmallFileSystem.mount(dir.resolve("small"), "64k")) {
            fillsUp(small.path().resolve("decisions.jsonl"));
        }
    }

    private static void fillsUp(Path log) throws IOException {
        StringBuilder disks = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            disks.append(TestDomains.disk("file", "cdrom", "raw", "/var/lib/libvirt/images/" + "long-name-".repeat(8) + i
                    + ".iso", "optional", "sd" + (char) ('a' + i)));
        }
        Decision decision = TestDomains.evaluate(TestDomains.domain(disks.toString()), StartContext.COLD_BOOT);

        ToolError full;
        try (DecisionLog decisions = DecisionLog.open(log)) {
            full = assertThrows(ToolError.class, () -> {
                for (int i = 0; i < 1000; i++) {
                    decisions.append(decision, "sha256:test", "evaluate", "test", true, null);
                }
            });
        }
        assertTrue(full.getMessage().startsWith(log + ": cannot write the decision log: "), full.getMessage());
        String written = Files.readString(log);
        assertTrue(written.isEmpty() || written.endsWith("\n"), "a half-written line was left");
        List<String> lines = written.lines().toList();
        assertTrue(lines.size() > 1, "the test must fill the disk after some whole lines: " + lines.size());
        for (String line : lines) {
            assertEquals(decision.domain().name(), new ObjectMapper().readTree(line).get("domain").asText());
        }
    }
}
