package org.virtstartuppolicy.evaluation;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.UsbDevice;
import org.virtstartuppolicy.facts.Site;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.facts.StartFacts;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.DiskInspector;
import org.virtstartuppolicy.rules.PolicyRules;
import org.virtstartuppolicy.usb.UsbFinding;
import org.virtstartuppolicy.usb.UsbInventory;
import org.virtstartuppolicy.usb.UsbLookup;

/**
 * The pipeline for one domain: inspect every chain, look up every USB host device, state the facts, run the rules, collect the
 * decision. Pure but for what the inspector reads; threads may share one.
 */
final class DomainEvaluator {
    private final PolicyRules rules;
    private final DiskInspector inspector;
    /** The host's USB devices, read for each domain that has any: a device may be plugged in between two starts. */
    private final Supplier<UsbInventory> usb;
    private final Site site;
    private final boolean trace;
    private final EvaluationLimits limits;

    /** @param trace whether to record the rule trace (off only to measure what it costs) */
    DomainEvaluator(PolicyRules rules, DiskInspector inspector, Supplier<UsbInventory> usb, Site site, boolean trace,
                    EvaluationLimits limits) {
        this.rules = rules;
        this.inspector = inspector;
        this.usb = usb;
        this.site = site;
        this.trace = trace;
        this.limits = limits;
    }

    /** @throws ToolError for a domain over a limit, or rules that fail on it */
    Decision evaluate(Domain domain, StartContext context) {
        if (domain.disks().size() > limits.disksPerDomain()) {
            throw new ToolError("domain '" + domain.name() + "' has " + domain.disks().size() + " disks, over the limit of "
                    + limits.disksPerDomain() + " (limits.disksPerDomain)");
        }
        Map<Disk, BackingChain> chains = new HashMap<>();
        for (Disk disk : domain.disks()) {
            BackingChain chain = inspector.inspect(disk);
            if (chain != null) {
                chains.put(disk, chain);
            }
        }
        Map<UsbDevice, UsbFinding> found = new HashMap<>();
        if (!domain.usbDevices().isEmpty()) {
            UsbInventory host = usb.get();
            domain.usbDevices().forEach(device -> found.put(device, UsbLookup.find(device, host)));
        }
        StartFacts facts = StartFacts.of(domain, chains, found, context, site);
        return Decision.of(domain, chains, found, facts, rules.run(facts, trace, limits.ruleFirings()), inspector.qemu());
    }
}
