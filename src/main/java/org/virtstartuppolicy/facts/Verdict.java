package org.virtstartuppolicy.facts;

/** Inserted by the verdict rules: {@code start} or {@code fail}. */
public record Verdict(String value) implements Described {
    @Override
    public String describe() {
        return "verdict: " + value;
    }
}
