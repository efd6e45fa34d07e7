package org.virtstartuppolicy.rules;

import java.util.List;

/** One rule firing, in order: the rule, the file it came from, and the facts it matched. */
public record FiredRule(String rule, String file, List<Object> facts) {
    public FiredRule {
        facts = List.copyOf(facts);
    }
}
