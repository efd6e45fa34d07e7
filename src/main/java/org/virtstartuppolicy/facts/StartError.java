package org.virtstartuppolicy.facts;

/** Inserted by the rules: an error that fails the start; {@code disk} is null for the whole domain. */
public record StartError(DiskFact disk, String message) implements AboutDisk, Described {
    @Override
    public String describe() {
        return (disk == null ? "domain" : disk.target()) + ": the start fails: " + message;
    }
}
