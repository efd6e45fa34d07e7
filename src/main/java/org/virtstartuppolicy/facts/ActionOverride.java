package org.virtstartuppolicy.facts;

/**
 * Inserted by site rules (stage {@code site-action}) to overrule the decision table for a disk:
 * {@code fail} (the start fails rather than lose the disk) or {@code drop} (eject the medium or
 * remove the disk, as the device allows). {@code fail} wins over {@code drop}, and either over
 * the table.
 */
public record ActionOverride(DiskFact disk, String action, String reason) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": the site overrides with " + action + " (" + reason + ")";
    }
}
