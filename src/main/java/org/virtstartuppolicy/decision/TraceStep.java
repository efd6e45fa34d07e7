package org.virtstartuppolicy.decision;

import java.util.List;

/**
 * One step of how a disk's decision came about.
 *
 * @param says  what was established, as a short sentence
 * @param rule  the rule that established it, or null for what the inspector found
 * @param file  the rule's file, or null
 * @param facts the facts the rule matched, each as a short phrase
 */
public record TraceStep(String says, String rule, String file, List<String> facts) {
    public TraceStep {
        facts = List.copyOf(facts);
    }

    static TraceStep found(String says) {
        return new TraceStep(says, null, null, List.of());
    }
}
