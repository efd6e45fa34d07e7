package org.virtstartuppolicy.facts;

/**
 * Inserted by the rules: an error that fails the start.
 *
 * @param disk   the disk it is about, or null
 * @param device how the error names what it is about: the disk's target, a host device's name, or
 *               null for the whole domain
 */
public record StartError(DiskFact disk, String device, String message) implements AboutDisk, Described {
    /** An error about a disk (or, with null, the whole domain), named by its target. */
    public StartError(DiskFact disk, String message) {
        this(disk, disk == null ? null : disk.target(), message);
    }

    @Override
    public String describe() {
        return (device == null ? "domain" : device) + ": the start fails: " + message;
    }
}
