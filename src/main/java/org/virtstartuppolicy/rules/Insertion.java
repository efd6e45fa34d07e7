package org.virtstartuppolicy.rules;

/** A fact a rule inserted, and the rule: recorded for every run, trace or not. */
public record Insertion(Object fact, RuleId rule) {
}
