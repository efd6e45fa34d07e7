package org.virtstartuppolicy.decision;

import java.util.List;
import org.virtstartuppolicy.domain.UsbDevice;
import org.virtstartuppolicy.facts.UsbOutcome;
import org.virtstartuppolicy.facts.UsbPolicy;
import org.virtstartuppolicy.rules.RuleId;
import org.virtstartuppolicy.usb.HostUsbDevice;

/**
 * What this start does about one USB host device, and why.
 *
 * @param policy    the startupPolicy the table applied and where it came from, or null for an invalid policy
 * @param claimedBy the site rule whose claim set that policy, or null
 * @param found     the host's device libvirt's lookup finds, or null
 * @param error     libvirt's message when the device fails the start, else null
 * @param decidedBy the row of the USB decision table that decided
 * @param trace     how the decision came about, step by step (empty when the trace is off)
 * @param rules     the rules that concluded something about this device, each named once, in order
 */
public record UsbDecision(UsbDevice device, UsbOutcome outcome, String reason, UsbPolicy policy, RuleId claimedBy,
                          HostUsbDevice found, String error, RuleId decidedBy, List<TraceStep> trace, List<String> rules) {
    public UsbDecision {
        trace = List.copyOf(trace);
        rules = List.copyOf(rules);
    }
}
