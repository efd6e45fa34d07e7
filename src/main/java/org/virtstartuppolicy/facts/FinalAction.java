package org.virtstartuppolicy.facts;

/**
 * Inserted by the resolve stage: what this start finally does with a disk, after site
 * overrides. Exactly one per disk.
 *
 * @param action {@code keep}, {@code eject}, {@code remove} or {@code fail}
 * @param event  {@code missing-on-start}, {@code drop-missing-on-start}, or null
 * @param reason one sentence a user can read
 */
public record FinalAction(DiskFact disk, String action, String event, String reason) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": finally " + action + (event == null ? "" : ", event " + event);
    }
}
