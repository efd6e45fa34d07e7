package org.virtstartuppolicy.hook;

import java.util.List;
import org.virtstartuppolicy.facts.StartContext;

/**
 * Which start a hook call belongs to, as far as libvirt's calls let the hook tell.
 *
 * @param candidates the contexts the hook cannot rule out: one when it is certain
 * @param how        how it was told, for the decision log
 */
public record StartKind(List<StartContext> candidates, String how) {
    public StartKind {
        candidates = List.copyOf(candidates);
    }

    public boolean isCertain() {
        return candidates.size() == 1;
    }

    /**
     * A {@code prepare begin} call: libvirt sends it for a cold boot, after a restore or an
     * incoming migration (whose own first call left a note), and alone for a snapshot revert.
     *
     * @param note           the context a note from this start's first call gives, or null
     * @param liveDefinition whether the XML is a running guest's saved definition rather than
     *                       the persistent one a cold boot starts from
     * @param hasSnapshots   whether libvirt keeps any snapshot of the guest to revert to
     */
    public static StartKind ofPrepare(StartContext note, boolean liveDefinition, boolean hasSnapshots) {
        if (note != null) {
            return new StartKind(List.of(note), "prepare begin after " + note.getLabel() + " begin (its note)");
        }
        if (liveDefinition) {
            return new StartKind(List.of(StartContext.REVERT),
                    "prepare begin with a running guest's saved definition and no restore or migration note: a snapshot revert");
        }
        if (!hasSnapshots) {
            return new StartKind(List.of(StartContext.COLD_BOOT),
                    "prepare begin with the persistent definition and no snapshot to revert to: a cold boot");
        }
        return new StartKind(List.of(StartContext.COLD_BOOT, StartContext.REVERT),
                "prepare begin with the persistent definition of a guest that has snapshots: a cold boot or a revert");
    }
}
