package org.virtstartuppolicy.report;

import org.virtstartuppolicy.host.GuestVerdict;
import org.virtstartuppolicy.host.HostReport;

/**
 * Counts over a host's guests by what their next start would do: the summary line of the text, the
 * {@code summary} of JSON and YAML, and the summary bar of the page.
 *
 * @param changed the guests whose decision the assumptions change
 */
record HostSummary(int guests, int whole, int lose, int fail, int notDecided, int changed) {

    /** What a guest's next start would do, as the summary counts it. */
    enum Outcome {
        WHOLE("whole", "would start whole"),
        LOSES("loses", "would lose a disk or medium"),
        FAILS("fails", "would fail"),
        NOT_DECIDED("undecided", "not decided");

        private final String id;
        private final String label;

        Outcome(String id, String label) {
            this.id = id;
            this.label = label;
        }

        /** One word for it, as the page's CSS class and filter: {@code loses}. */
        String id() {
            return id;
        }

        String label() {
            return label;
        }

        static Outcome of(GuestVerdict guest) {
            if (guest.decision() == null) {
                return NOT_DECIDED;
            }
            if (!guest.decision().mayStart()) {
                return FAILS;
            }
            return guest.dropped().isEmpty() ? WHOLE : LOSES;
        }
    }

    static HostSummary of(HostReport report) {
        int[] counts = new int[Outcome.values().length];
        int changed = 0;
        for (GuestVerdict guest : report.guests()) {
            counts[Outcome.of(guest).ordinal()]++;
            changed += guest.changed() ? 1 : 0;
        }
        return new HostSummary(report.guests().size(), counts[Outcome.WHOLE.ordinal()], counts[Outcome.LOSES.ordinal()],
                counts[Outcome.FAILS.ordinal()], counts[Outcome.NOT_DECIDED.ordinal()], changed);
    }

    int count(Outcome outcome) {
        return switch (outcome) {
            case WHOLE -> whole;
            case LOSES -> lose;
            case FAILS -> fail;
            case NOT_DECIDED -> notDecided;
        };
    }
}
