package org.virtstartuppolicy.facts;

/**
 * Inserted by the decision table: what libvirt would do with a disk; the resolve stage makes it
 * the {@link FinalAction} unless a site rule overrides it.
 *
 * @param event  the disk-change event libvirt emits, or null when none is
 * @param reason one sentence a user can read
 */
public record DiskAction(DiskFact disk, Action action, ChangeEvent event, String reason) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": " + action + (event == null ? "" : ", event " + event);
    }
}
