package org.virtstartuppolicy.scenario;

import java.util.List;
import org.virtstartuppolicy.rules.RuleId;

/**
 * Which rules in force the scenarios exercised.
 *
 * @param rules each rule in force with the number of scenarios that fired it
 */
public record RuleCoverage(List<Entry> rules) {
    public RuleCoverage {
        rules = List.copyOf(rules);
    }

    public record Entry(RuleId rule, int scenarios) {
    }

    public static RuleCoverage of(List<RuleId> inForce, List<ScenarioResult> results) {
        return new RuleCoverage(inForce.stream()
                .map(rule -> new Entry(rule, (int) results.stream().filter(r -> r.fired().contains(rule)).count()))
                .toList());
    }

    public List<Entry> neverFired() {
        return rules.stream().filter(e -> e.scenarios() == 0).toList();
    }

    /** The share of rules fired at least once, in percent. */
    public double percent() {
        return rules.isEmpty() ? 100.0 : 100.0 * (rules.size() - neverFired().size()) / rules.size();
    }
}
