package org.virtstartuppolicy.decision;

import java.util.List;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.facts.ChangeEvent;
import org.virtstartuppolicy.facts.EffectivePolicy;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.ChainProblem;
import org.virtstartuppolicy.rules.RuleId;

/**
 * What this start does with one disk, and why.
 *
 * @param event     the disk-change event libvirt emits, or null
 * @param policy    the startupPolicy the decision table applied and where it came from, or null
 *                  for an invalid disk
 * @param claimedBy the site rule whose claim set that policy, or null when it is not the site's
 * @param problem   what made the disk missing, or null
 * @param chain     the inspected chain, or null when the disk is not checked
 * @param trace     how the decision came about, step by step (empty when the trace is off)
 * @param decidedBy the rule that decided the final action: a site rule's override, the site rule
 *                  whose claimed policy chose the table's row for a missing disk, or the row itself
 * @param rules     the rules that concluded something about this disk, each named once, in order
 */
public record DiskDecision(Disk disk, Action action, ChangeEvent event, String reason, EffectivePolicy policy,
                           RuleId claimedBy, ChainProblem problem, BackingChain chain, List<TraceStep> trace, DecidingRule decidedBy,
                           List<String> rules) {
    public DiskDecision {
        trace = List.copyOf(trace);
        rules = List.copyOf(rules);
    }

    /** Whether a site rule, by an override or by the policy it claimed, made the final action. */
    public boolean decidedBySite() {
        return decidedBy != null && decidedBy.siteOverride();
    }

    /**
     * The disk-change event's old source, as libvirt 9.0 reports it: the disk's path; for a
     * volume, the volume's file when libvirt found it (not when the pool or the volume is gone).
     */
    public String oldSource() {
        if (disk.isEmpty()) {
            return null;
        }
        if (disk.source().path() != null) {
            return disk.source().path();
        }
        return chain != null && chain.pool() != null && !chain.elements().isEmpty() ? chain.elements().get(0).path() : null;
    }
}
