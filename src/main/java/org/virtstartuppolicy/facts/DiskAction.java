package org.virtstartuppolicy.facts;

/**
 * Inserted by the decision table: what libvirt would do with a disk; the resolve stage makes it
 * the {@link FinalAction} unless a site rule overrides it.
 *
 * @param action {@code keep}, {@code eject}, {@code remove} or {@code fail}
 * @param event  {@code missing-on-start}, {@code drop-missing-on-start}, or null when no event is emitted
 * @param reason one sentence a user can read
 */
public record DiskAction(DiskFact disk, String action, String event, String reason) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": " + action + (event == null ? "" : ", event " + event);
    }
}
