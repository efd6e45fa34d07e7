package org.virtstartuppolicy.scenario;

import java.util.List;
import java.util.Set;
import org.virtstartuppolicy.rules.RuleId;

/**
 * Which rules in force the scenarios exercised.
 *
 * @param rules each rule counted, with the number of scenarios that fired it
 * @param scope which rules are counted: {@code all} in force, or only the {@code site}'s own
 */
public record RuleCoverage(List<Entry> rules, String scope) {
    public RuleCoverage {
        rules = List.copyOf(rules);
    }

    public record Entry(RuleId rule, int scenarios) {
    }

    public static RuleCoverage of(List<RuleId> inForce, List<ScenarioResult> results) {
        return new RuleCoverage(inForce.stream()
                .map(rule -> new Entry(rule, (int) results.stream().filter(r -> r.fired().contains(rule)).count()))
                .toList(), "all");
    }

    /** Only the rules of files other than the baseline's: what a site's own suite can be held to. */
    public RuleCoverage ofSiteOnly(Set<String> baselineFiles) {
        return new RuleCoverage(rules.stream().filter(e -> !baselineFiles.contains(e.rule().file())).toList(), "site");
    }

    public List<Entry> neverFired() {
        return rules.stream().filter(e -> e.scenarios() == 0).toList();
    }

    /** The share of rules fired at least once, in percent. */
    public double percent() {
        return rules.isEmpty() ? 100.0 : 100.0 * (rules.size() - neverFired().size()) / rules.size();
    }
}
