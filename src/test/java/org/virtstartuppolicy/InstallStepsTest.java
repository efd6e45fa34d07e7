package org.virtstartuppolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The README shows the hook install steps of the operating guide, not a copy that has drifted:
 * the conformance suite (HookEndToEndTest) runs the guide's steps on a real libvirt, so the
 * README's are the ones known to work.
 */
class InstallStepsTest {
    private static final String HEADING = "## Install as a libvirt hook";

    @Test
    void theReadmesHookInstallStepsAreTheOperatingGuides() throws IOException {
        assertEquals(Documentation.firstBlock(Documentation.section(Documentation.OPERATING, HEADING), "sh"),
                Documentation.firstBlock(Documentation.section(Documentation.README, HEADING), "sh"));
    }
}
