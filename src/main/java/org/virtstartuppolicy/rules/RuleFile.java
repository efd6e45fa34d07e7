package org.virtstartuppolicy.rules;

/** One DRL file: where it came from (as users name it in messages) and its text. */
public record RuleFile(String origin, String text) {
}
