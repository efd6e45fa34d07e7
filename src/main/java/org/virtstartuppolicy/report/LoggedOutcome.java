package org.virtstartuppolicy.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.virtstartuppolicy.facts.Action;

/** An outcome line read back: what a start the hook allowed then did ({@link DecisionLog#appendOutcome}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoggedOutcome(String decisionId, String timestamp, String domain, String uuid, String outcome,
                            List<Dropped> dropped, boolean differs) {
    public LoggedOutcome {
        dropped = dropped == null ? List.of() : List.copyOf(dropped);
    }

    /** A disk libvirt dropped on that start. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Dropped(String target, Action action) {
    }
}
