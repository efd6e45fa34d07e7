package org.virtstartuppolicy.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.SitePolicyDefinition;
import org.virtstartuppolicy.decision.UsbDecision;
import org.virtstartuppolicy.host.GuestVerdict;
import org.virtstartuppolicy.host.HostReport;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.Candidate;
import org.virtstartuppolicy.image.ChainElement;
import org.virtstartuppolicy.image.ChainProblem;

/**
 * The host page's model (src/main/jte/host.jte), made from the same report as the JSON: the summary
 * bar, which filters the guests by outcome; with assumptions, what they change first, each disk
 * today and assumed; one row per guest, expanding to its disks with their chains drawn; and the
 * images several guest disks share.
 *
 * @param filters the summary bar: every guest, then one entry per outcome (and, with assumptions, the changed)
 */
record HostPage(HtmlPage.Head head, List<String> assumptions, List<Filter> filters, List<Change> changes,
                List<Row> guests, List<Shared> shared) {

    /** An entry of the summary bar, which shows only the guests of its outcome when chosen. */
    record Filter(String id, int count, String label) {
    }

    /** A disk the assumptions change: what it does today and assumed, and the assumption behind it. */
    record Change(String guest, String guestId, String target, String today, String assumed, String because,
                  Picture before, Picture after) {
    }

    /**
     * A guest's row.
     *
     * @param outcome  its outcome as a CSS class and filter: whole, loses, fails or undecided
     * @param rank     how bad its outcome is, for sorting: 0 whole … 3 not decided
     * @param today    with assumptions, its verdict as the host is; else null
     * @param warnings its decision's warnings, each {@code vda: …} or {@code domain: …}
     */
    record Row(String id, String name, String state, String autostart, String nextStart, String today, String verdict,
               String outcome, int rank, boolean changed, String dropped, String error,
               List<String> toApply, List<String> warnings, List<Disk> disks, List<Usb> usbDevices) {
    }

    /** One of a guest's USB host devices: its outcome (present, missing, fail) and why. */
    record Usb(String label, String policy, String outcome, String reason, String error) {
    }

    /**
     * One of a guest's disks.
     *
     * @param today        with assumptions and when they change it, its action as the host is; else null
     * @param overriddenBy the site rule whose override made its action, or null when libvirt's table did
     *                     (which rules decided, for every disk, is explain's to tell)
     * @param note         why there is no chain to draw (no medium, not checked), or null
     * @param picture      its chain, or null
     */
    record Disk(String target, String device, String policy, String action, String today, String reason,
                String overriddenBy, String problem, String note, Picture picture, List<Candidate> candidates) {
    }

    /** An image in the chains of several guest disks. */
    record Shared(String path, List<String> users) {
    }

    static HostPage of(HostReport report) {
        boolean whatIf = !report.assumptions().isEmpty();
        Map<String, Set<String>> users = users(report);
        HostSummary summary = HostSummary.of(report);
        List<Filter> filters = new ArrayList<>();
        filters.add(new Filter("all", summary.guests(), summary.guests() == 1 ? "guest" : "guests"));
        for (HostSummary.Outcome outcome : HostSummary.Outcome.values()) {
            filters.add(new Filter(outcome.id(), summary.count(outcome), outcome.label()));
        }
        if (whatIf) {
            filters.add(new Filter("changed", summary.changed(), "changed by the assumptions"));
        }
        List<Change> changes = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (GuestVerdict guest : report.guests()) {
            String id = "guest-" + rows.size();
            for (GuestVerdict.ChangedDisk disk : guest.changedDisks()) {
                String target = disk.assumed().disk().target();
                ChainProblem problem = disk.assumed().problem();
                changes.add(new Change(guest.guest().name(), id, target, disk.today().action().label(),
                        disk.assumed().action().label(), problem == null ? disk.assumed().reason() : describe(problem),
                        picture(disk.today(), users), picture(disk.assumed(), users)));
            }
            rows.add(row(id, guest, whatIf, users));
        }
        List<Shared> shared = new ArrayList<>();
        users.forEach((path, of) -> {
            if (of.size() > 1) {
                shared.add(new Shared(path, List.copyOf(of)));
            }
        });
        List<String> assumptions = new ArrayList<>();
        report.assumptions().missing().forEach(path -> assumptions.add("--assume-missing " + path));
        report.assumptions().present().forEach(path -> assumptions.add("--assume-present " + path));
        String title = "virt-startup-policy host: " + summary.guests() + (summary.guests() == 1 ? " guest" : " guests")
                + (whatIf ? ", if " + String.join(" ", assumptions) : "");
        return new HostPage(HtmlPage.head(title, true), assumptions, filters, changes, rows, shared);
    }

    private static Row row(String id, GuestVerdict guest, boolean whatIf, Map<String, Set<String>> users) {
        Decision decision = guest.decision();
        HostSummary.Outcome outcome = HostSummary.Outcome.of(guest);
        List<Disk> disks = new ArrayList<>();
        for (int i = 0; decision != null && i < decision.disks().size(); i++) {
            DiskDecision disk = decision.disks().get(i);
            DiskDecision today = guest.today() == null ? null : guest.today().disks().get(i);
            disks.add(disk(disk, today != null && today.action() != disk.action() ? today.action().label() : null, users));
        }
        String dropped = String.join(", ", guest.dropped().stream().map(d -> d.disk().target() + " " + d.action().label())
                .toList());
        return new Row(id, guest.guest().name(), guest.guest().state(), guest.guest().autostart() ? "yes" : "no",
                guest.guest().nextStart() == null ? "-" : guest.guest().nextStart().getLabel(),
                whatIf ? (guest.today() == null ? "-" : guest.today().verdict().label()) : null,
                guest.error() != null ? "cannot tell" : decision == null ? "-" : decision.verdict().label(),
                outcome.id(), outcome.ordinal(), guest.changed(), dropped.isEmpty() ? "-" : dropped, guest.error(),
                guest.toApply().stream().map(SitePolicyDefinition.Change::describe).toList(),
                decision == null ? List.of() : decision.warnings().stream()
                        .map(w -> (w.target() == null ? "domain" : w.target()) + ": " + w.message()).toList(), disks,
                decision == null ? List.of() : decision.usbDevices().stream().map(HostPage::usb).toList());
    }

    private static Usb usb(UsbDecision usb) {
        return new Usb(usb.device().label(), usb.policy() == null ? "-" : usb.policy().policy().label() + " ("
                + usb.policy().origin().label() + ")", usb.outcome().label(), usb.reason(), usb.error());
    }

    private static Disk disk(DiskDecision disk, String today, Map<String, Set<String>> users) {
        ChainProblem problem = disk.problem();
        String policy = disk.policy() == null ? "-" : disk.policy().policy().label() + " (" + disk.policy().origin().label() + ")";
        String overriddenBy = disk.decidedBySite() ? "'" + disk.decidedBy().rule() + "' in " + disk.decidedBy().file() : null;
        String note = disk.disk().isEmpty() ? "no medium"
                : disk.chain() == null ? "not checked"
                : disk.chain().notChecked() != null ? "not checked: " + disk.chain().notChecked() : null;
        return new Disk(disk.disk().target(), disk.disk().device(), policy, disk.action().label(), today, disk.reason(),
                overriddenBy, problem == null ? null : describe(problem), note, note == null ? picture(disk, users) : null,
                problem == null ? List.of() : problem.candidates());
    }

    /** What went wrong, where, and the assumption that made it: {@code missing: PATH (referred to by IMAGE)}. */
    private static String describe(ChainProblem problem) {
        return problem.kind().label() + ": " + problem.path()
                + (problem.referencedBy() == null ? "" : " (referred to by " + problem.referencedBy() + ")")
                + (problem.assumption() == null ? "" : ", as " + problem.assumption() + " assumes");
    }

    /** The disk's chain drawn, or null when there is nothing to draw. */
    private static Picture picture(DiskDecision disk, Map<String, Set<String>> users) {
        BackingChain chain = disk.chain();
        if (chain == null || chain.elements().isEmpty() && chain.problem() == null) {
            return null;
        }
        return ChainLayout.of(disk.disk().target(), chain, path -> users.getOrDefault(path, Set.of()).size());
    }

    /** The guest disks ({@code web1 vda}) that have each image in their chain, as the host is and as assumed. */
    private static Map<String, Set<String>> users(HostReport report) {
        Map<String, Set<String>> users = new LinkedHashMap<>();
        for (GuestVerdict guest : report.guests()) {
            for (Decision decision : new Decision[] {guest.today(), guest.decision()}) {
                for (DiskDecision disk : decision == null ? List.<DiskDecision>of() : decision.disks()) {
                    for (ChainElement element : disk.chain() == null ? List.<ChainElement>of() : disk.chain().elements()) {
                        users.computeIfAbsent(element.path(), path -> new LinkedHashSet<>())
                                .add(guest.guest().name() + " " + disk.disk().target());
                    }
                }
            }
        }
        return users;
    }
}
