package org.virtstartuppolicy.host;

import java.util.List;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.image.Assumptions;

/**
 * Every guest of a host, each for its next start (as {@code evaluation.HostEvaluation} decides
 * them), with the assumptions they were decided under.
 */
public record HostReport(List<GuestVerdict> guests, Assumptions assumptions) {
    public HostReport {
        guests = List.copyOf(guests);
    }

    /** 0 nothing lost (or, with assumptions, nothing changes for the worse), 1 a guest fails or loses a disk, 2 the tool cannot tell. */
    public int exitCode() {
        if (guests.stream().anyMatch(g -> g.error() != null)) {
            return ToolError.EXIT_CODE;
        }
        return guests.stream().anyMatch(GuestVerdict::loses) ? 1 : 0;
    }
}
