package org.virtstartuppolicy.report;

import java.time.Instant;
import java.util.List;
import org.virtstartuppolicy.facts.Action;

/**
 * What a start did after the hook let it go on, as libvirt's later hook calls tell it: it started
 * ({@code started begin}, with the live definition) or it failed ({@code release end} with no
 * start before it).
 *
 * @param dropped the disks libvirt removed or emptied, read off the live definition
 * @param differs whether that differs from what the decision said
 */
public record StartOutcome(String decisionId, Instant at, String domain, String uuid, boolean started,
                           List<Dropped> dropped, boolean differs) {
    public StartOutcome {
        dropped = List.copyOf(dropped);
    }

    /** A disk libvirt dropped: its target and whether it was removed or its medium ejected. */
    public record Dropped(String target, Action action) {
    }
}
