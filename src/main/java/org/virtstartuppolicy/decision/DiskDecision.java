package org.virtstartuppolicy.decision;

import java.util.List;
import java.util.Objects;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.ChainProblem;

/**
 * What this start does with one disk, and why.
 *
 * @param chain   the inspected chain, or null when the disk is not checked
 * @param problem what made the disk missing, or null
 * @param trace     how the decision came about, step by step
 * @param decidedBy the rule whose conclusion became the final action (a row of the decision
 *                  table, or a site rule's override), or null when no trace was recorded
 */
public record DiskDecision(Disk disk, String action, String event, String reason, ChainProblem problem,
                           BackingChain chain, List<TraceStep> trace, DecidingRule decidedBy) {
    public DiskDecision {
        trace = List.copyOf(trace);
    }

    /** The rules that fired for this disk, each named once, in firing order. */
    public List<String> rules() {
        return trace.stream().map(TraceStep::rule).filter(Objects::nonNull).distinct().toList();
    }
}
