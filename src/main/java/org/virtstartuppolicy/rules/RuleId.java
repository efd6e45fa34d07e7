package org.virtstartuppolicy.rules;

/** A rule as users name it: its name and the file it came from. */
public record RuleId(String rule, String file) {
    @Override
    public String toString() {
        return rule + " (" + file + ")";
    }
}
