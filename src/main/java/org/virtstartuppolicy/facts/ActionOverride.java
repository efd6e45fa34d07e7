package org.virtstartuppolicy.facts;

/**
 * Inserted by site rules (stage {@code site-action}) to overrule the decision table for a disk:
 * {@code new ActionOverride($disk, OverrideKind.FAIL, "why")}. {@code FAIL} wins over
 * {@code DROP}, and either over the table.
 */
public record ActionOverride(DiskFact disk, OverrideKind kind, String reason) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": the site overrides with " + kind + " (" + reason + ")";
    }
}
