package org.virtstartuppolicy.facts;

/** Inserted by the validation rules: the definition cannot start at all, in libvirt's words. */
public record DefinitionError(DiskFact disk, String message) implements AboutDisk, Described {
    @Override
    public String describe() {
        return (disk == null ? "domain" : disk.target()) + ": invalid definition: " + message;
    }
}
