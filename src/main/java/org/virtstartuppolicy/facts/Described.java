package org.virtstartuppolicy.facts;

/** A fact that can say what it states in a short phrase, for the audit trail. */
public interface Described {
    String describe();

    /** A fact's phrase; facts a site declares in DRL are shown as Drools prints them. */
    static String of(Object fact) {
        return fact instanceof Described described ? described.describe() : String.valueOf(fact);
    }
}
