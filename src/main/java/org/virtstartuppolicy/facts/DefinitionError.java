package org.virtstartuppolicy.facts;

/**
 * Inserted by the validation rules: the definition cannot start at all, in libvirt's words.
 *
 * @param disk   the disk it is about, or null
 * @param device how the error names what it is about: the disk's target, a host device's name, or
 *               null for the whole domain
 */
public record DefinitionError(DiskFact disk, String device, String message) implements AboutDisk, Described {
    /** An error about a disk (or, with null, the whole domain), named by its target. */
    public DefinitionError(DiskFact disk, String message) {
        this(disk, disk == null ? null : disk.target(), message);
    }

    @Override
    public String describe() {
        return (device == null ? "domain" : device) + ": invalid definition: " + message;
    }
}
