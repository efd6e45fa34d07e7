package org.virtstartuppolicy.facts;

import java.util.List;

/**
 * Inserted by the resolve stage: what this start finally does with a disk, after site
 * overrides. Exactly one per disk.
 *
 * @param event  the disk-change event, or null
 * @param reason one sentence a user can read
 * @param from   the facts it was resolved from: the table's {@link DiskAction}, or the site's
 *               winning {@link ActionOverride}s; the rules that inserted them decided the disk
 */
public record FinalAction(DiskFact disk, Action action, ChangeEvent event, String reason, List<Object> from)
        implements AboutDisk, Described {
    public FinalAction {
        from = List.copyOf(from);
    }

    @Override
    public String describe() {
        return disk.target() + ": finally " + action + (event == null ? "" : ", event " + event);
    }
}
