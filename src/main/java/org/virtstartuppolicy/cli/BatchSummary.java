package org.virtstartuppolicy.cli;

import java.util.Map;
import java.util.TreeMap;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;

/**
 * Counts over a batch: the input files, the domains read from them and those that could not be
 * read, the decisions and their verdicts, the disks and their actions.
 */
final class BatchSummary {
    private int files;
    private int unreadable;
    private int undecided;
    private int decided;
    private int disks;
    private final Map<String, Integer> verdicts = new TreeMap<>();
    private final Map<String, Integer> actions = new TreeMap<>();

    void add(Decision decision) {
        files++;
        decided++;
        verdicts.merge(decision.verdict().label(), 1, Integer::sum);
        for (DiskDecision disk : decision.disks()) {
            disks++;
            actions.merge(disk.action().label(), 1, Integer::sum);
        }
    }

    /** The domains decided so far, whose reports have been printed. */
    int decided() {
        return decided;
    }

    /** A file that is no readable domain XML. */
    void addUnreadable() {
        files++;
        unreadable++;
    }

    /** A domain read whose evaluation, log line or effective definition failed. */
    void addUndecided() {
        files++;
        undecided++;
    }

    @Override
    public String toString() {
        return "summary: " + count(files, "file") + ": " + count(files - unreadable, "domain") + " read, " + unreadable
                + " could not be read; " + decided + " decided (" + describe(verdicts) + ")"
                + (undecided == 0 ? "" : ", " + undecided + " in error") + "; " + count(disks, "disk") + " ("
                + describe(actions) + ")";
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String describe(Map<String, Integer> counts) {
        StringBuilder text = new StringBuilder();
        counts.forEach((key, count) -> text.append(text.isEmpty() ? "" : ", ").append(count).append(' ').append(key));
        return text.isEmpty() ? "none" : text.toString();
    }
}
