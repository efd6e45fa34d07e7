package org.virtstartuppolicy.hook;

import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.StartErrorMessage;
import org.virtstartuppolicy.decision.UsbDecision;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.facts.UsbOutcome;
import org.virtstartuppolicy.rules.RuleId;

/**
 * What the hook answers libvirt about one decision: the start goes on, or it is refused with the
 * lines libvirt puts in its error.
 *
 * @param because why the hook refuses a start the site's decision allows, for the decision log; else null
 * @param logged  the decision's id in the decision log, or null (not logged yet, or no log)
 */
record HookAnswer(Decision decision, boolean allowed, String because, List<String> lines, String logged) {
    HookAnswer(Decision decision, boolean allowed, String because, List<String> lines) {
        this(decision, allowed, because, lines, null);
    }

    HookAnswer loggedAs(String id) {
        return new HookAnswer(decision, allowed, because, lines, id);
    }

    /** libvirt's answer: exit 1 and the lines on standard error, which libvirt shows in its error. */
    HookCall.Outcome refusal() {
        return new HookCall.Outcome(1, "", String.join("", lines.stream().map(line -> line + "\n").toList()));
    }

    /** The site's decision refuses the start: each error, naming the site rule where one decided it. */
    static HookAnswer refusedBySite(String guest, Decision decision) {
        List<String> lines = new ArrayList<>();
        for (StartErrorMessage error : decision.errors()) {
            DiskDecision disk = disk(decision, error.target());
            String by = disk != null && disk.decidedBySite() ? "refused by site rule '" + disk.decidedBy().rule() + "' in "
                    + disk.decidedBy().file() + ": " + disk.reason() + ": " : "";
            lines.add(prefix(guest, error.target()) + by + error.message());
        }
        return new HookAnswer(decision, false, null, lines);
    }

    /**
     * The site allows the start; libvirt decides from the definition it has. Allowed when libvirt
     * will do what the site decided, disk by disk; else refused, naming the rule that wanted
     * otherwise, what libvirt would do, and how to have libvirt carry the site's policy out.
     */
    static HookAnswer of(String guest, Decision site, Decision libvirt) {
        List<String> lines = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        for (int i = 0; i < site.disks().size(); i++) {
            DiskDecision wanted = site.disks().get(i);
            DiskDecision done = libvirt.disks().get(i);
            if (wanted.action() == done.action()) {
                continue;
            }
            RuleId rule = wanted.claimedBy() != null ? wanted.claimedBy() : wanted.decidedBySite()
                    ? new RuleId(wanted.decidedBy().rule(), wanted.decidedBy().file()) : null;
            String who = rule == null ? "the site's rules" : "site rule '" + rule.rule() + "' (" + rule.file() + ")";
            String fix = wanted.claimedBy() != null
                    ? "write the site's policy into the definition, so that libvirt applies it: virt-startup-policy apply "
                    + guest
                    : "a site rule's drop takes effect only on a restore or an incoming migration: claim a startupPolicy"
                    + " instead (PolicyClaim, stage site-policy), then virt-startup-policy apply " + guest;
            lines.add(prefix(guest, wanted.disk().target()) + who + " wants " + wanted.action().label() + ", but libvirt"
                    + " decides " + site.context().getDescription() + " from the definition it has ("
                    + declared(wanted) + ") and would " + done.action().label() + (done.action() == Action.FAIL
                    ? " the start: " + message(libvirt, wanted.disk().target()) : "") + "; " + fix);
            summary.add(wanted.disk().target() + ": " + who + " wants " + wanted.action().label() + ", libvirt would "
                    + done.action().label());
        }
        usbDisagreements(guest, site, libvirt, lines, summary);
        if (lines.isEmpty() && libvirt.mayStart()) {
            return new HookAnswer(site, true, null, List.of());
        }
        if (lines.isEmpty()) {
            // the disks agree, the domain does not: libvirt's own errors are the reason
            libvirt.errors().forEach(error -> lines.add(prefix(guest, error.target()) + error.message()));
            summary.add("libvirt fails the start from this definition");
        }
        return new HookAnswer(site, false, "the hook refused a start the site allows, because libvirt would not carry"
                + " it out: " + String.join("; ", summary), lines);
    }

    /**
     * A restore or an incoming migration the site allows: libvirt takes the definition the hook
     * hands back, but looks up USB devices by the policy written in it. Where the site's policy for
     * a USB device would change libvirt's outcome, the start is refused, saying what to write; null
     * when there is no such device.
     */
    static HookAnswer usbRefusal(String guest, Decision site, Decision libvirt) {
        List<String> lines = new ArrayList<>();
        List<String> summary = new ArrayList<>();
        usbDisagreements(guest, site, libvirt, lines, summary);
        return lines.isEmpty() ? null : new HookAnswer(site, false, "the hook refused a start the site allows, because"
                + " libvirt would not carry it out: " + String.join("; ", summary), lines);
    }

    private static void usbDisagreements(String guest, Decision site, Decision libvirt, List<String> lines,
                                         List<String> summary) {
        for (int i = 0; i < site.usbDevices().size(); i++) {
            UsbDecision wanted = site.usbDevices().get(i);
            UsbDecision done = libvirt.usbDevices().get(i);
            if (wanted.outcome() == done.outcome()) {
                continue;
            }
            String label = wanted.device().label();
            String who = wanted.claimedBy() == null ? "the site's rules"
                    : "site rule '" + wanted.claimedBy().rule() + "' (" + wanted.claimedBy().file() + ")";
            String policy = wanted.policy() == null ? "its policy" : "startupPolicy='" + wanted.policy().policy().label() + "'";
            lines.add(prefix(guest, label) + who + " wants " + wanted.outcome().label() + ", but libvirt decides "
                    + site.context().getDescription() + " from the definition it has ("
                    + (wanted.device().startupPolicy() == null ? "no startupPolicy: mandatory"
                    : "startupPolicy '" + wanted.device().startupPolicy() + "'") + ") and would "
                    + (done.outcome() == UsbOutcome.FAIL ? "fail the start: " + done.error() : "give " + done.outcome().label())
                    + "; write " + policy + " into the <hostdev>'s <source> (virsh edit " + guest + ")");
            summary.add(label + ": " + who + " wants " + wanted.outcome().label() + ", libvirt would " + done.outcome().label());
        }
    }

    private static String declared(DiskDecision disk) {
        String policy = disk.disk().startupPolicy();
        return policy == null ? "no startupPolicy: mandatory" : "startupPolicy '" + policy + "'";
    }

    private static String message(Decision decision, String target) {
        return decision.errors().stream().filter(e -> target != null && target.equals(e.target()))
                .map(StartErrorMessage::message).findFirst().orElse("it fails");
    }

    private static DiskDecision disk(Decision decision, String target) {
        return target == null ? null
                : decision.disks().stream().filter(d -> target.equals(d.disk().target())).findFirst().orElse(null);
    }

    private static String prefix(String guest, String target) {
        return "virt-startup-policy: guest " + guest + ": " + (target == null ? "" : target + ": ");
    }
}
