package org.virtstartuppolicy.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** An apply line read back: the startupPolicy {@code apply} wrote into a guest's definition. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoggedApply(String timestamp, String domain, String uuid, String host, List<Change> changes) implements Logged {
    public LoggedApply {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** One disk's policy, before and after. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Change(String target, String from, String to, String rule, String file) {
    }
}
