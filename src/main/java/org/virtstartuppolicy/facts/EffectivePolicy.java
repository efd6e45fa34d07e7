package org.virtstartuppolicy.facts;

/** Inserted by the policy rules: the startupPolicy the decision table applies to a disk, and where it came from. */
public record EffectivePolicy(DiskFact disk, Policy policy, PolicyOrigin origin) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": policy " + policy + " (" + origin + ")";
    }
}
