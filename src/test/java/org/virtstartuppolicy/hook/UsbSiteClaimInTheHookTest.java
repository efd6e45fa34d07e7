package org.virtstartuppolicy.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.image.QemuUser;

/**
 * A site claim for a USB device that the definition does not carry: libvirt looks the device up
 * by the policy written in the definition, so the hook refuses the start, naming the rule, what
 * libvirt would do and what to write; when the definition carries it, the start goes on.
 */
class UsbSiteClaimInTheHookTest {
    private static final Path VENDOR_OPTIONAL = Path.of("rules/examples/usb-vendor-optional.drl").toAbsolutePath();

    @TempDir
    Path root;

    private Decision[] decide(String policy) throws IOException {
        Files.createDirectories(root.resolve("sys/bus/usb/devices"));
        Domain domain = TestDomains.parse("<domain type='kvm'><name>guest</name><devices><hostdev mode='subsystem'"
                + " type='usb'><source" + (policy == null ? "" : " startupPolicy='" + policy + "'")
                + "><vendor id='0x1a86'/><product id='0x7523'/></source></hostdev></devices></domain>");
        QemuUser me = QemuUser.current();
        Evaluation evaluation = Evaluation.of(new Config(null, null, null, null, null, null, null, null, null),
                TestDomains.rulesWith(VENDOR_OPTIONAL), TestDomains.baselineRules(),
                new HostSelection(root, me.uid() + ":" + me.gid()), null);
        return new Decision[] {evaluation.decide(domain, StartContext.RESTORE),
                evaluation.decideAsLibvirt(domain, StartContext.RESTORE)};
    }

    @Test
    void aClaimTheDefinitionDoesNotCarryIsRefusedWithWhatToWrite() throws IOException {
        Decision[] decided = decide(null);
        assertTrue(decided[0].mayStart(), "the site's decision: the stick is optional");
        HookAnswer answer = HookAnswer.usbRefusal("guest", decided[0], decided[1]);

        assertEquals(List.of("virt-startup-policy: guest guest: usb 1a86:7523: site rule 'USB devices of vendor 0x1a86 are"
                + " optional' (" + VENDOR_OPTIONAL + ") wants missing, but libvirt decides a restore from the definition it"
                + " has (no startupPolicy: mandatory) and would fail the start: internal error: Did not find USB device"
                + " 1a86:7523; write startupPolicy='optional' into the <hostdev>'s <source> (virsh edit guest)"), answer.lines());
        assertEquals(1, answer.refusal().exitCode());
    }

    @Test
    void aClaimTheDefinitionCarriesLetsTheStartGoOn() throws IOException {
        Decision[] decided = decide("optional");
        assertNull(HookAnswer.usbRefusal("guest", decided[0], decided[1]));
    }
}
