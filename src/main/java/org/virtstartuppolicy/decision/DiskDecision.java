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
 * @param rules   the names of the rules that fired for this disk, in firing order
 */
public record DiskDecision(Disk disk, String action, String event, String reason, ChainProblem problem,
                           BackingChain chain, List<String> rules) {
    public DiskDecision {
        rules = List.copyOf(rules);
    }
}
