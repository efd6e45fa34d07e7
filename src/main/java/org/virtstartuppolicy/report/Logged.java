package org.virtstartuppolicy.report;

/** A line of the decision log read back that tells of a guest: a decision, or what apply wrote. */
public sealed interface Logged permits LoggedDecision, LoggedApply {
    String timestamp();

    String domain();
}
