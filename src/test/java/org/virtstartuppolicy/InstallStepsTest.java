package org.virtstartuppolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The README's install command is the operating guide's, not a copy that has drifted: the guide's
 * Debian package section says what the command puts where, and the package test
 * (src/test/deb/package-test.sh) installs that package into a real libvirt. The guide's steps by
 * hand, for other distributions, are run as written by the conformance suite (HookEndToEndTest).
 */
class InstallStepsTest {
    @Test
    void theReadmesInstallCommandIsTheOperatingGuides() throws IOException {
        String readme = Documentation.firstBlock(Documentation.section(Documentation.README, "## Install as a libvirt hook"), "sh");
        assertEquals("apt install ./target/virt-startup-policy_*_all.deb\nvirt-startup-policy check --host\n", readme);
        assertEquals(readme, Documentation.firstBlock(Documentation.section(Documentation.OPERATING, "### The Debian package"), "sh"));
    }
}
