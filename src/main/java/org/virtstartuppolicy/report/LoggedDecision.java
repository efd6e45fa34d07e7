package org.virtstartuppolicy.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.facts.ChangeEvent;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.facts.Verdict;

/**
 * A decision-log line read back: the fields {@link DecisionLog} writes, by their names here.
 * Fields a line lacks (an older version's) are null; fields it has beyond these are passed over.
 * A start the hook let go on unchecked (its off switch) has no verdict and no context; one decided
 * with the last config and rules that worked says why in {@code fallback}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoggedDecision(String decisionId, String timestamp, String domain, String uuid, String origin,
                             StartContext context, String contextFrom, Verdict verdict, String answer, String because,
                             String rulesDigest, String host, List<Disk> disks, String fallback, List<Warning> warnings,
                             List<Usb> usbDevices) implements Logged {
    public LoggedDecision {
        disks = disks == null ? List.of() : List.copyOf(disks);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        usbDevices = usbDevices == null ? List.of() : List.copyOf(usbDevices);
    }

    /** Whether the start was let go on: the logged answer, or, in lines older than answers, the verdict. */
    public boolean allowed() {
        return answer != null ? answer.equals("allowed") : verdict == Verdict.START;
    }

    /** One disk of a logged decision. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Disk(String target, String source, Action action, ChangeEvent event, Problem problem, String reason,
                       List<String> rules) {
        public Disk {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }
    }

    /** A logged warning; {@code target} null for the whole domain. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Warning(String target, String message) {
    }

    /** One USB host device of a logged decision. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Usb(String device, String outcome, String reason, String error, DecidedBy decidedBy) {
    }

    /** The rule that decided. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DecidedBy(String rule, String file) {
    }

    /** What made a logged disk missing. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Problem(String kind, String path, String referencedBy, String message) {
    }
}
