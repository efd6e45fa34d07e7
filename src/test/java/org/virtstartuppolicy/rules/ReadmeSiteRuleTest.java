package org.virtstartuppolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole site rule the README teaches with compiles, as written there, and is the shipped example it says it is. */
class ReadmeSiteRuleTest {

    private static String readmeBlock() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```drl\n");
        return readme.substring(start + "```drl\n".length(), readme.indexOf("```", start + 1));
    }

    @Test
    void theReadmesSiteRuleIsTheShippedExampleAndCompilesWithTheBaseline() throws IOException {
        String block = readmeBlock();
        assertEquals(Files.readString(Path.of("rules/examples/broken-chain-fails.drl")), block);

        List<RuleFile> files = new ArrayList<>(RuleFiles.baseline());
        files.add(new RuleFile("README.md", block));
        PolicyRules rules = PolicyRules.compile(files);
        assertEquals(List.of(new RuleId("Disk with a broken backing chain is never removed", "README.md")),
                rules.rules().stream().filter(rule -> rule.file().equals("README.md")).toList());
    }
}
