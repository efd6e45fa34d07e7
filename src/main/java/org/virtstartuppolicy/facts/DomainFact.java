package org.virtstartuppolicy.facts;

/** The guest being started, for site rules that apply to some domains only. */
public record DomainFact(String name, String uuid) implements Described {
    @Override
    public String describe() {
        return "domain " + name;
    }
}
