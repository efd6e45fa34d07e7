package org.virtstartuppolicy.host;

import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.SitePolicyDefinition;
import org.virtstartuppolicy.decision.WhatIf;

/**
 * What a guest's next start does: its decision (with what-if assumptions, the one they give),
 * and without them, {@code today}.
 *
 * @param decision the decision of its next start, or null for a transient guest or one that
 *                 cannot be decided ({@code error})
 * @param today    the decision without the assumptions, or null when there are none
 * @param error    why it cannot be decided, or null
 * @param toApply  the policies the site claims that its persistent definition does not carry (so
 *                 libvirt would not apply them on a cold boot: run {@code apply})
 */
public record GuestVerdict(Guest guest, Decision decision, Decision today, String error,
                           List<SitePolicyDefinition.Change> toApply) {
    public GuestVerdict {
        toApply = List.copyOf(toApply);
    }

    public static GuestVerdict undecided(Guest guest, String error) {
        return new GuestVerdict(guest, null, null, error, List.of());
    }

    /** A disk whose action the assumptions change: as the host is, and as assumed. */
    public record ChangedDisk(DiskDecision today, DiskDecision assumed) {
    }

    /** Whether the assumptions change its verdict or any disk's action. */
    public boolean changed() {
        return decision != null && new WhatIf(decision, today).changed();
    }

    /** Whether its start would fail or lose a disk or medium (that it has today, with assumptions). */
    public boolean loses() {
        return decision != null && new WhatIf(decision, today).loses();
    }

    /** The disks whose action the assumptions change, in document order (none without assumptions). */
    public List<ChangedDisk> changedDisks() {
        List<ChangedDisk> changed = new ArrayList<>();
        for (int i = 0; today != null && decision != null && i < decision.disks().size(); i++) {
            if (decision.disks().get(i).action() != today.disks().get(i).action()) {
                changed.add(new ChangedDisk(today.disks().get(i), decision.disks().get(i)));
            }
        }
        return changed;
    }

    /** The disks its start drops (none when it would not start). */
    public List<DiskDecision> dropped() {
        return decision == null || !decision.mayStart() ? List.of()
                : decision.disks().stream().filter(d -> d.action().drops()).toList();
    }
}
