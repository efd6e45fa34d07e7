package org.virtstartuppolicy.facts;

/**
 * Inserted by the warn stage: something the operator should hear about although the decision
 * stands, such as a guest left without the disk it boots from; {@code disk} is null for the
 * whole domain.
 */
public record Warning(DiskFact disk, String message) implements AboutDisk, Described {
    @Override
    public String describe() {
        return (disk == null ? "domain" : disk.target()) + ": warning: " + message;
    }
}
