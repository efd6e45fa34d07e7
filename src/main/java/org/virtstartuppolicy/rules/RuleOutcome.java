package org.virtstartuppolicy.rules;

import java.util.List;

/** What the rules left in working memory, and the rules that fired to get there. */
public record RuleOutcome(List<Object> facts, List<FiredRule> fired) {
    public RuleOutcome {
        facts = List.copyOf(facts);
        fired = List.copyOf(fired);
    }

    /** The rules that fired, each once, in the order they first fired. */
    public List<RuleId> firedRules() {
        return fired.stream().map(f -> new RuleId(f.rule(), f.file())).distinct().toList();
    }

    public <T> List<T> factsOf(Class<T> type) {
        return facts.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
