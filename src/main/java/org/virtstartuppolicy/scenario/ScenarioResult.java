package org.virtstartuppolicy.scenario;

import java.util.List;
import org.virtstartuppolicy.rules.RuleId;

/**
 * How one scenario went.
 *
 * @param failures one line per unmet expectation, {@code FIELD: want X, got Y}; empty when it passed
 * @param fired    the rules that fired while it ran
 * @param millis   how long it took
 */
public record ScenarioResult(ScenarioCase scenarioCase, List<String> failures, List<RuleId> fired, long millis) {
    public ScenarioResult {
        failures = List.copyOf(failures);
        fired = List.copyOf(fired);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    public String name() {
        return scenarioCase.scenario().name();
    }
}
