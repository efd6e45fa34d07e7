package org.virtstartuppolicy.facts;

/**
 * Inserted by site rules (stage {@code site-policy}): the policy a site wants a disk to have,
 * whatever the domain declares. When claims disagree, the strictest wins: mandatory, then
 * requisite, then optional.
 */
public record PolicyClaim(DiskFact disk, String policy, String reason) implements AboutDisk, Described {

    /** 3 for mandatory, 2 for requisite, 1 for optional, 0 for anything else. */
    public int strictness() {
        return switch (policy) {
            case "mandatory" -> 3;
            case "requisite" -> 2;
            case "optional" -> 1;
            default -> 0;
        };
    }

    /** Whether libvirt would accept this policy on a disk of {@code device}: requisite is for media only. */
    public boolean allowedFor(String device) {
        return strictness() > 0 && (!"requisite".equals(policy) || "cdrom".equals(device) || "floppy".equals(device));
    }

    @Override
    public String describe() {
        return disk.target() + ": the site claims policy " + policy + " (" + reason + ")";
    }
}
