package org.virtstartuppolicy.facts;

/**
 * Inserted by site rules (stage {@code site-policy}): the policy a site wants a disk to have,
 * whatever the domain declares: {@code new PolicyClaim($disk, Policy.OPTIONAL, "why")}. When
 * claims disagree, the strictest wins: mandatory, then requisite, then optional.
 */
public record PolicyClaim(DiskFact disk, Policy policy, String reason) implements AboutDisk, Described {
    /** Whether libvirt would accept this policy on the disk: requisite is for removable media only. */
    public boolean allowed() {
        return policy != null && policy.isAllowedOn(disk.device());
    }

    /** Whether another claim for the same disk asks for less than this one. */
    public boolean isStricterThan(PolicyClaim other) {
        return policy.isStricterThan(other.policy);
    }

    @Override
    public String describe() {
        return disk.target() + ": the site claims policy " + policy + " (" + reason + ")";
    }
}
