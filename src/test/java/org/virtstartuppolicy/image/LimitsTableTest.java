package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.Documentation;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.evaluation.EvaluationLimits;
import org.virtstartuppolicy.domain.SafeXml;

/**
 * The table of limits in the reference (src/site/markdown/reference.md, "Limits") says what the
 * code enforces: every limit, its default and its config key.
 */
class LimitsTableTest {

    /** Each row's first column, and its default and config key as the code has them. */
    private static Map<String, String> fromTheCode() {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("backing chain depth", ChainWalker.DEFAULT_MAX_DEPTH + " | chainDepthLimit");
        rows.put("header bytes read per image", ImageFormat.HEADER_BYTES + " | fixed");
        rows.put("backing file name", HeaderText.MAX_BACKING_NAME + " | fixed");
        rows.put("domain XML size", EvaluationLimits.DEFAULTS.domainXmlBytes() + " | limits.domainXmlBytes");
        rows.put("domain XML nesting", SafeXml.MAX_DEPTH + " | fixed");
        rows.put("disks per domain", EvaluationLimits.DEFAULTS.disksPerDomain() + " | limits.disksPerDomain");
        rows.put("rule firings per domain", EvaluationLimits.DEFAULTS.ruleFirings() + " | limits.ruleFirings");
        rows.put("service request body that is not a domain XML", Config.Service.DEFAULT_MAX_REQUEST_BYTES + " | service.maxRequestBytes");
        rows.put("requests the service answers at once", Config.Service.DEFAULT_MAX_CONCURRENT_REQUESTS
                + " | service.maxConcurrentRequests");
        return rows;
    }

    @Test
    void theReferencesLimitsTableMatchesTheCode() throws IOException {
        String section = Documentation.section(Documentation.REFERENCE, "### Limits");
        Map<String, String> documented = new LinkedHashMap<>();
        section.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| Limit")).forEach(line -> {
            String[] cells = line.split("\\|");
            documented.put(cells[1].strip(), number(cells[2]) + " | " + cells[3].strip().replace("`", ""));
        });
        assertEquals(fromTheCode(), documented);
    }

    /** "1,024", "4 MiB", "200 (libvirt's)" as a number. */
    private static long number(String cell) {
        String text = cell.strip().replaceAll(" \\(.*\\)", "").replace(",", "");
        if (text.endsWith(" MiB")) {
            return Long.parseLong(text.substring(0, text.length() - 4)) << 20;
        }
        return Long.parseLong(text);
    }
}
