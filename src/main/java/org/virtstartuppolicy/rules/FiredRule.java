package org.virtstartuppolicy.rules;

import java.util.List;

/**
 * One rule firing, in order: the rule, the file it came from, the facts it matched and the
 * facts it inserted.
 */
public record FiredRule(String rule, String file, List<Object> matched, List<Object> inserted) {
    public FiredRule {
        matched = List.copyOf(matched);
        inserted = List.copyOf(inserted);
    }
}
