package org.virtstartuppolicy.domain;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import org.virtstartuppolicy.ToolError;

/** Any bytes a management layer may relay as a domain: a domain, or one clear error, nothing else. */
class DomainXmlFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void anyBytesGiveADomainOrOneClearError(byte[] xml) {
        try {
            new DomainXmlReader().read(new ByteArrayInputStream(xml), "fuzzed.xml");
        } catch (ToolError e) {
            if (!e.getMessage().matches("fuzzed\\.xml(:\\d+)?: .*") || e.getMessage().contains("\n")) {
                throw new AssertionError("not one line naming the file: " + e.getMessage());
            }
        }
    }
}
