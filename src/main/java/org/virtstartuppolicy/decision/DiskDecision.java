package org.virtstartuppolicy.decision;

import java.util.List;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.ChainProblem;

/**
 * What this start does with one disk, and why.
 *
 * @param chain   the inspected chain, or null when the disk is not checked
 * @param problem what made the disk missing, or null
 * @param trace   how the decision came about, step by step
 */
public record DiskDecision(Disk disk, String action, String event, String reason, ChainProblem problem,
                           BackingChain chain, List<TraceStep> trace) {
    public DiskDecision {
        trace = List.copyOf(trace);
    }

    /** The rules that fired for this disk, each named once, in firing order. */
    public List<String> rules() {
        return trace.stream().map(TraceStep::rule).filter(java.util.Objects::nonNull).distinct().toList();
    }
}
