package org.virtstartuppolicy.facts;

/**
 * A disk whose source the host cannot check, for a reason only the inspector knows: a volume of
 * a network pool (libvirt makes it a network disk), or of a pool whose volume paths only
 * libvirt's volume list knows.
 */
public record UncheckedDisk(DiskFact disk, String reason) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": not checked: " + reason;
    }
}
