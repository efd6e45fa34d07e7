package org.virtstartuppolicy.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explain page's model (src/main/jte/explain.jte), made from the same log entries as the text: per guest, a
 * timeline of its decisions (when, from where, the context, the verdict and the answer, each disk's
 * action and why, the rules that concluded it, the rules digest, what the start then did) and of
 * what apply wrote into its definition.
 *
 * @param query the options that chose the entries, or empty
 */
record ExplainPage(HtmlPage.Head head, String log, String query, int logged, int shown, List<Guest> guests) {

    /** One guest's entries, oldest first. */
    record Guest(String name, List<Entry> entries) {
    }

    /**
     * A decision or an apply.
     *
     * @param kind   {@code allowed}, {@code refused} or {@code apply}, as a CSS class
     * @param origin where it came from, in one word and as a CSS class: hook, service, manual or apply
     * @param from   the origin as logged, with how the context was told
     * @param then   what the start then did, or null
     */
    record Entry(String when, String kind, String origin, String from, String uuid, String context, String verdict,
                 String because, String host, List<Disk> disks, String then, String decisionId, String rulesDigest) {
    }

    /**
     * A disk of a decision, or a policy apply wrote.
     *
     * @param dropped whether the start goes on without it
     * @param rules   the rules that concluded something about it
     */
    record Disk(String target, String action, String event, boolean dropped, String reason, String problem, String rules) {
    }

    static ExplainPage of(LoggedDecisions.Found found, String log, String query) {
        Map<String, List<Entry>> byGuest = new LinkedHashMap<>();
        List<Logged> entries = found.inOrder();
        for (Logged logged : entries) {
            Entry entry = logged instanceof LoggedDecision decision
                    ? entry(decision, found.outcomes().get(decision.decisionId())) : entry((LoggedApply) logged);
            byGuest.computeIfAbsent(logged.domain(), name -> new ArrayList<>()).add(entry);
        }
        List<Guest> guests = new ArrayList<>();
        byGuest.forEach((name, list) -> guests.add(new Guest(name, list)));
        return new ExplainPage(HtmlPage.head("virt-startup-policy explain: " + log + (query.isEmpty() ? "" : " " + query),
                false), log, query, found.logged(), entries.size(), guests);
    }

    private static Entry entry(LoggedDecision decision, LoggedOutcome outcome) {
        List<Disk> disks = new ArrayList<>();
        for (LoggedDecision.Disk disk : decision.disks()) {
            LoggedDecision.Problem problem = disk.problem();
            disks.add(new Disk(disk.target(), String.valueOf(disk.action()), disk.event() == null ? null : disk.event().label(),
                    disk.action() != null && disk.action().drops(), disk.reason(),
                    problem == null ? null : problem.kind() + ": " + problem.path()
                            + (problem.referencedBy() == null ? "" : " (referred to by " + problem.referencedBy() + ")"),
                    String.join(", ", disk.rules())));
        }
        for (LoggedDecision.Usb usb : decision.usbDevices()) {
            disks.add(new Disk(usb.device(), usb.outcome(), null, "missing".equals(usb.outcome()), usb.reason(), usb.error(),
                    usb.decidedBy() == null ? "" : usb.decidedBy().rule()));
        }
        String origin = decision.origin();
        String from = (origin == null ? "an older version (origin not logged)" : origin)
                + (decision.contextFrom() == null ? "" : ", context from " + decision.contextFrom());
        return new Entry(decision.timestamp(), decision.allowed() ? "allowed" : "refused", originWord(origin), from,
                decision.uuid(), decision.context() == null ? "context not logged" : decision.context().getLabel(),
                String.valueOf(decision.verdict()),
                decision.fallback() == null ? decision.because()
                        : decision.because() == null ? decision.fallback() : decision.because() + "; " + decision.fallback(),
                decision.host(), disks, LoggedDecisions.then(decision, outcome), decision.decisionId(),
                decision.rulesDigest());
    }

    private static Entry entry(LoggedApply apply) {
        List<Disk> disks = apply.changes().stream().map(change -> new Disk(change.target(),
                "startupPolicy " + (change.from() == null ? "absent" : "'" + change.from() + "'") + " -> '" + change.to() + "'",
                null, false, "the site's policy written into the definition", null,
                "'" + change.rule() + "' in " + change.file())).toList();
        return new Entry(apply.timestamp(), "apply", "apply", "apply", apply.uuid(), null, null, null, apply.host(), disks,
                null, null, null);
    }

    /** Where a decision came from, in one word: libvirt's hook, the decision service, or a person's run. */
    private static String originWord(String origin) {
        if (origin == null) {
            return "unknown";
        }
        return origin.startsWith("hook") ? "hook" : origin.startsWith("service") ? "service" : "manual";
    }
}
