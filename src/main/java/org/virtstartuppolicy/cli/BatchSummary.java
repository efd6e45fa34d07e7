package org.virtstartuppolicy.cli;

import java.util.Map;
import java.util.TreeMap;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;

/** Counts over a batch: domains, their verdicts, disks, and disks per action. */
final class BatchSummary {
    private int domains;
    private int unreadable;
    private int disks;
    private final Map<String, Integer> verdicts = new TreeMap<>();
    private final Map<String, Integer> actions = new TreeMap<>();

    void add(Decision decision) {
        domains++;
        verdicts.merge(decision.verdict(), 1, Integer::sum);
        for (DiskDecision disk : decision.disks()) {
            disks++;
            actions.merge(disk.action(), 1, Integer::sum);
        }
    }

    boolean isEmpty() {
        return domains == 0;
    }

    void addUnreadable() {
        unreadable++;
    }

    @Override
    public String toString() {
        return "summary: " + domains + " domains (" + describe(verdicts) + (unreadable == 0 ? "" : ", " + unreadable
                + " not evaluated") + "), " + disks + " disks (" + describe(actions) + ")";
    }

    private static String describe(Map<String, Integer> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((key, count) -> text.append(text.isEmpty() ? "" : ", ").append(count).append(' ').append(key));
        return text.isEmpty() ? "none" : text.toString();
    }
}
