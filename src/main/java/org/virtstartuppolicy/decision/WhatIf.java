package org.virtstartuppolicy.decision;

/**
 * A decision under what-if assumptions, beside the one the host as it is gives.
 *
 * @param today the decision without the assumptions, or null when there are none
 */
public record WhatIf(Decision decision, Decision today) {

    /** Whether the assumptions change the verdict or any disk's action. */
    public boolean changed() {
        if (today == null) {
            return false;
        }
        if (today.verdict() != decision.verdict()) {
            return true;
        }
        for (int i = 0; i < decision.disks().size(); i++) {
            if (decision.disks().get(i).action() != today.disks().get(i).action()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the start would fail or lose a disk or medium (that it has today, with assumptions). */
    public boolean loses() {
        if (!decision.mayStart()) {
            return today == null || today.mayStart();
        }
        for (int i = 0; i < decision.disks().size(); i++) {
            if (decision.disks().get(i).action().drops() && (today == null || !today.disks().get(i).action().drops())) {
                return true;
            }
        }
        return false;
    }
}
