package org.virtstartuppolicy.facts;

/**
 * Inserted by the policy rules: the startupPolicy the decision table applies to a disk.
 *
 * @param origin {@code declared} (the domain XML), {@code default} (none declared: mandatory)
 *               or {@code site} (a site rule's claim)
 */
public record EffectivePolicy(DiskFact disk, Policy policy, String origin) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": policy " + policy + " (" + origin + ")";
    }
}
