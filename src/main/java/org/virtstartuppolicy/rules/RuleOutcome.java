package org.virtstartuppolicy.rules;

import java.util.List;

/**
 * What the rules left in working memory, which rule inserted each conclusion (always recorded),
 * and, when the trace is on, every firing with what it matched.
 */
public record RuleOutcome(List<Object> facts, List<Insertion> insertions, List<FiredRule> fired) {
    public RuleOutcome {
        facts = List.copyOf(facts);
        insertions = List.copyOf(insertions);
        fired = List.copyOf(fired);
    }

    /** The rule that inserted {@code fact} (the very object), or null for a fact given to the rules. */
    public RuleId insertedBy(Object fact) {
        return insertions.stream().filter(i -> i.fact() == fact).map(Insertion::rule).findFirst().orElse(null);
    }

    /** The rules that concluded something, each once, in the order they first did. */
    public List<RuleId> firedRules() {
        return insertions.stream().map(Insertion::rule).distinct().toList();
    }

    public <T> List<T> factsOf(Class<T> type) {
        return facts.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
