package org.virtstartuppolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.Documentation;

/**
 * The whole site rule the site rules guide (src/site/markdown/site-rules.md, "A whole file")
 * teaches with compiles, as written there, and is the shipped example it says it is.
 */
class SiteRulesGuideTest {
    private static final String GUIDE = Documentation.SITE_RULES.toString();

    private static String guideBlock() throws IOException {
        return Documentation.firstBlock(Documentation.section(Documentation.SITE_RULES, "### A whole file"), "drl");
    }

    @Test
    void theGuidesSiteRuleIsTheShippedExampleAndCompilesWithTheBaseline() throws IOException {
        String block = guideBlock();
        assertEquals(Files.readString(Path.of("rules/examples/broken-chain-fails.drl")), block);

        List<RuleFile> files = new ArrayList<>(RuleFiles.baseline());
        files.add(new RuleFile(GUIDE, block));
        PolicyRules rules = PolicyRules.compile(files);
        assertEquals(List.of(new RuleId("Disk with a broken backing chain is never removed", GUIDE)),
                rules.rules().stream().filter(rule -> rule.file().equals(GUIDE)).toList());
    }
}
