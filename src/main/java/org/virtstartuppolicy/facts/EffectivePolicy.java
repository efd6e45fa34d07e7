package org.virtstartuppolicy.facts;

/** Inserted by the policy rules: the startupPolicy the decision table applies to a disk. */
public record EffectivePolicy(DiskFact disk, String policy) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": policy " + policy;
    }
}
