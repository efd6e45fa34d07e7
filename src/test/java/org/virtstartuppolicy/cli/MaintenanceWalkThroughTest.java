package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.Documentation;

/**
 * The operating guide's maintenance walk-through prints what the tool prints: each
 * {@code $ virt-startup-policy …} line of its console block is run on the shipped example host,
 * and its output must be the lines that follow it, word for word.
 */
class MaintenanceWalkThroughTest {
    private static final String HEADING = "## Storage maintenance: can I retire /mnt/templates?";
    private static final String PROMPT = "$ virt-startup-policy ";

    @Test
    void everyCommandOfTheWalkThroughPrintsWhatTheGuideShows() throws IOException {
        String block = Documentation.firstBlock(Documentation.section(Documentation.OPERATING, HEADING), "console");
        List<String> commands = new ArrayList<>();
        List<StringBuilder> outputs = new ArrayList<>();
        for (String line : block.lines().toList()) {
            if (line.startsWith(PROMPT)) {
                commands.add(line.substring(PROMPT.length()));
                outputs.add(new StringBuilder());
            } else {
                outputs.get(outputs.size() - 1).append(line).append('\n');
            }
        }
        assertEquals(2, commands.size(), "dependents, then host --assume-missing");
        for (int i = 0; i < commands.size(); i++) {
            CommandRun run = CommandRun.of(Arrays.stream(commands.get(i).split(" ")).toArray(String[]::new));
            assertEquals(1, run.exitCode(), commands.get(i) + ": " + run.err());
            assertEquals(outputs.get(i).toString(), run.out(), commands.get(i));
        }
        assertTrue(commands.get(1).contains("--assume-missing /mnt/templates/"), commands.get(1));
    }
}
