package org.virtstartuppolicy.report;

import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.WhatIf;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.StartErrorMessage;
import org.virtstartuppolicy.decision.TraceStep;
import org.virtstartuppolicy.decision.UsbDecision;
import org.virtstartuppolicy.decision.WarningMessage;
import org.virtstartuppolicy.image.ChainProblem;

/** A decision as an operator reads it: a line for the domain, a table of disks, then problems, warnings and errors. */
final class TextReport {
    private TextReport() {
    }

    /** With assumptions, a closing part says what they change, disk by disk, and why. */
    static String of(WhatIf whatIf, boolean explain) {
        String text = of(whatIf.decision(), explain);
        Decision today = whatIf.today();
        if (today == null) {
            return text;
        }
        StringBuilder out = new StringBuilder(text).append("\nwhat-if: today ")
                .append(today.mayStart() ? "the guest may start" : "the start fails")
                .append(whatIf.changed() ? "; the assumptions change:" : "; the assumptions change nothing").append('\n');
        for (int i = 0; i < today.disks().size(); i++) {
            DiskDecision now = today.disks().get(i);
            DiskDecision assumed = whatIf.decision().disks().get(i);
            if (now.action() != assumed.action()) {
                out.append("  ").append(orDash(assumed.disk().target())).append(": ").append(now.action().label())
                        .append(" -> ").append(assumed.action().label())
                        .append(assumed.problem() != null && assumed.problem().assumption() != null
                                ? " (" + assumed.problem().assumption() + ": " + assumed.problem().path() + ")" : "")
                        .append('\n');
            }
        }
        return out.toString();
    }

    static String of(Decision decision, boolean explain) {
        StringBuilder out = new StringBuilder();
        out.append("domain ").append(decision.domain().name());
        if (decision.domain().uuid() != null) {
            out.append(" (").append(decision.domain().uuid()).append(')');
        }
        out.append(", ").append(decision.context().getLabel()).append(": ")
                .append(decision.mayStart() ? "the guest may start" : "the start fails").append('\n');
        out.append(ChainDocument.checkedAsText(decision.checkedAs())).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"DISK", "DEVICE", "POLICY", "ACTION", "REASON"});
        for (DiskDecision d : decision.disks()) {
            rows.add(new String[] {orDash(d.disk().target()), d.disk().device(), policy(d), d.action().label(), d.reason()});
        }
        appendTable(out, rows);
        for (DiskDecision d : decision.disks()) {
            if (d.claimedBy() != null) {
                out.append("* ").append(orDash(d.disk().target())).append(": policy '").append(d.policy().policy())
                        .append("' claimed by site rule \"").append(d.claimedBy().rule()).append("\" in ")
                        .append(d.claimedBy().file()).append('\n');
            }
        }
        if (!decision.usbDevices().isEmpty()) {
            List<String[]> usb = new ArrayList<>();
            usb.add(new String[] {"USB", "POLICY", "OUTCOME", "REASON"});
            for (UsbDecision d : decision.usbDevices()) {
                usb.add(new String[] {d.device().label(), orDash(d.device().startupPolicy()), d.outcome().label(), d.reason()});
            }
            out.append('\n');
            appendTable(out, usb);
        }
        List<DiskDecision> withProblems = decision.disks().stream().filter(d -> d.problem() != null).toList();
        if (!withProblems.isEmpty()) {
            out.append("\nproblems:\n");
            for (DiskDecision d : withProblems) {
                ChainProblem p = d.problem();
                out.append("  ").append(orDash(d.disk().target())).append(": ").append(p.kind().label())
                        .append(": ").append(p.path());
                if (p.referencedBy() != null) {
                    out.append(" (referred to by ").append(p.referencedBy()).append(')');
                }
                if (p.assumption() != null) {
                    out.append(" (as ").append(p.assumption()).append(" assumes)");
                }
                out.append('\n');
                ChainDocument.candidates(out, p, "      ");
            }
        }
        List<DiskDecision> overridden = decision.disks().stream().filter(DiskDecision::decidedBySite).toList();
        if (!overridden.isEmpty()) {
            out.append("\nsite rules that overrode libvirt's decision:\n");
            for (DiskDecision d : overridden) {
                out.append("  ").append(orDash(d.disk().target())).append(": ").append(d.action().label()).append(" by rule \"")
                        .append(d.decidedBy().rule()).append("\" in ").append(d.decidedBy().file()).append('\n');
            }
        }
        if (explain) {
            for (DiskDecision d : decision.disks()) {
                appendDerivation(out, orDash(d.disk().target()), d.action().label()
                        + (d.event() == null ? "" : " (" + d.event().label() + ")"), d.trace());
            }
            for (UsbDecision d : decision.usbDevices()) {
                appendDerivation(out, d.device().label(), d.outcome().label(), d.trace());
            }
        }
        if (!decision.warnings().isEmpty()) {
            out.append("\nwarnings:\n");
            for (WarningMessage warning : decision.warnings()) {
                out.append("  ").append(warning.target() == null ? "domain" : warning.target()).append(": ")
                        .append(warning.message()).append('\n');
            }
        }
        if (!decision.errors().isEmpty()) {
            out.append("\nerrors:\n");
            for (StartErrorMessage error : decision.errors()) {
                out.append("  ").append(error.target() == null ? "domain" : error.target()).append(": ")
                        .append(error.message()).append('\n');
            }
        }
        return out.toString();
    }

    /** The derivation as an indented tree: what was found, then each rule's conclusion, ending in the action. */
    private static void appendDerivation(StringBuilder out, String what, String outcome, List<TraceStep> trace) {
        out.append("\nwhy ").append(what).append(": ").append(outcome).append('\n');
        for (TraceStep step : trace) {
            out.append("  - ").append(step.says()).append('\n');
            if (step.rule() != null) {
                out.append("      rule \"").append(step.rule()).append("\" in ").append(step.file()).append('\n');
                out.append("      matched: ").append(String.join("; ", step.facts())).append('\n');
            }
        }
    }

    static void appendTable(StringBuilder out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                out.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            out.append(row[columns - 1]).append('\n');
        }
    }

    /**
     * The policy the table applied (a site's claim marked {@code *}, with its rule under the
     * table); for an invalid disk, to which none applies, the value as written.
     */
    private static String policy(DiskDecision d) {
        if (d.policy() == null) {
            return orDash(d.disk().startupPolicy());
        }
        return d.policy().policy().label() + (d.claimedBy() != null ? "*" : "");
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
