package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.facts.Verdict;
import org.virtstartuppolicy.report.LoggedDecision;
import org.virtstartuppolicy.report.LoggedDecisions;

/**
 * Each document the tool writes, pinned by a golden file made from the shipped example: the
 * evaluation as text, JSON and YAML, the inspect document, and a decision-log line. A change to
 * a document's shape (a field renamed, moved, dropped) fails here; to accept an intended one, run
 * with {@code -Dgolden.update=true} and review the diff of src/test/resources/golden/.
 */
class DocumentShapesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final String HOST = "src/examples/classic/host";
    private static final String GUEST = "src/examples/classic/fedora18.xml";
    private static final String SNAP2 = "/var/lib/libvirt/images/snapshot/snap2.qcow";

    @TempDir
    Path dir;

    private static CommandRun evaluate(String... options) {
        String[] args = new String[options.length + 6];
        args[0] = "evaluate";
        System.arraycopy(options, 0, args, 1, options.length);
        System.arraycopy(new String[] {"--as-user", "64055:64055", "--root", HOST, GUEST}, 0, args, options.length + 1, 5);
        return CommandRun.of(args);
    }

    @Test
    void theEvaluationAsText() throws IOException {
        assertGolden("evaluation.txt", evaluate("--explain").out());
    }

    @Test
    void theEvaluationAsJson() throws IOException {
        assertGolden("evaluation.json", evaluate("--explain", "-o", "json").out());
    }

    @Test
    void theEvaluationAsYaml() throws IOException {
        assertGolden("evaluation.yaml", evaluate("-o", "yaml").out());
    }

    @Test
    void theInspectDocumentGivesAMissingImageNoFormat() throws IOException {
        CommandRun run = CommandRun.of("inspect", "--as-user", "64055:64055", "--root", HOST, "-o", "json", SNAP2,
                "/var/lib/libvirt/images/fedora18-install.iso");
        assertGolden("inspect.jsonl", run.out());
    }

    @Test
    void aDecisionLogLine() throws IOException {
        Path log = dir.resolve("decisions.jsonl");
        evaluate("--decision-log", log.toString());
        String line = Files.readString(log)
                .replaceAll("\"decisionId\":\"[0-9a-f-]{36}\"", "\"decisionId\":\"ID\"")
                .replaceAll("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"TIME\"")
                .replaceAll("\"rulesDigest\":\"sha256:[0-9a-f]{64}\"", "\"rulesDigest\":\"sha256:DIGEST\"")
                .replaceAll("\"host\":\"[^\"]*\"", "\"host\":\"HOST\"");
        assertGolden("decision-log-line.json", line);

        // and read back by the record explain reads it into
        List<LoggedDecision> read = new LoggedDecisions(null, null, null).read(log, new ArrayList<>()).matching();
        assertEquals(1, read.size());
        assertEquals(Verdict.START, read.get(0).verdict());
        assertEquals(StartContext.COLD_BOOT, read.get(0).context());
        assertEquals(List.of(Action.REMOVE, Action.KEEP, Action.EJECT),
                read.get(0).disks().stream().map(LoggedDecision.Disk::action).toList());
        assertEquals("/var/lib/libvirt/images/snapshot/snap1.qcow", read.get(0).disks().get(0).problem().path());
    }

    private static void assertGolden(String name, String got) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, got);
        }
        assertEquals(Files.readString(file), got, name + " differs from its golden file");
    }
}
