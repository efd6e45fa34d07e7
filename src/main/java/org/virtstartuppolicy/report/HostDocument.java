package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.SitePolicyDefinition;
import org.virtstartuppolicy.host.GuestVerdict;
import org.virtstartuppolicy.host.HostReport;
import org.virtstartuppolicy.image.ChainProblem;

/**
 * A host's guests, each for its next start: a table for a terminal, or one JSON or YAML document
 * ({@code guests}, each with {@code name}, {@code state}, {@code autostart}, {@code nextStart}
 * and the fields of {@code evaluate --output json} for that start; and a {@code summary}).
 */
final class HostDocument {
    private HostDocument() {
    }

    static void write(JsonGenerator g, HostReport report) throws IOException {
        g.writeStartObject();
        if (!report.assumptions().isEmpty()) {
            g.writeObjectFieldStart("assumptions");
            strings(g, "missing", report.assumptions().missing());
            strings(g, "present", report.assumptions().present());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("guests");
        for (GuestVerdict guest : report.guests()) {
            g.writeStartObject();
            g.writeStringField("name", guest.guest().name());
            g.writeStringField("state", guest.guest().state());
            g.writeBooleanField("autostart", guest.guest().autostart());
            g.writeStringField("nextStart", guest.guest().nextStart() == null ? null : guest.guest().nextStart().getLabel());
            if (guest.error() != null) {
                g.writeStringField("error", guest.error());
            }
            if (guest.decision() != null) {
                DecisionDocument.fields(g, guest.decision(), false);
            }
            g.writeArrayFieldStart("toApply");
            for (SitePolicyDefinition.Change change : guest.toApply()) {
                g.writeString(change.describe());
            }
            g.writeEndArray();
            if (guest.today() != null) {
                DecisionDocument.today(g, guest.today());
                g.writeBooleanField("changed", guest.changed());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("summary");
        HostSummary summary = HostSummary.of(report);
        g.writeNumberField("guests", summary.guests());
        g.writeNumberField("startWhole", summary.whole());
        g.writeNumberField("loseADiskOrMedium", summary.lose());
        g.writeNumberField("fail", summary.fail());
        g.writeNumberField("notDecided", summary.notDecided());
        if (!report.assumptions().isEmpty()) {
            g.writeNumberField("changed", summary.changed());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    /**
     * A row per guest (with assumptions, only the guests they change, unless {@code all}), then for
     * each changed disk the assumption behind it, then a summary line.
     */
    static String text(HostReport report, boolean all) {
        boolean whatIf = !report.assumptions().isEmpty();
        List<String[]> rows = new ArrayList<>();
        rows.add(whatIf ? new String[] {"GUEST", "STATE", "AUTOSTART", "NEXT START", "TODAY", "VERDICT", "DROPPED", "FIRST PROBLEM"}
                : new String[] {"GUEST", "STATE", "AUTOSTART", "NEXT START", "VERDICT", "DROPPED", "FIRST PROBLEM"});
        StringBuilder causes = new StringBuilder();
        for (GuestVerdict guest : report.guests()) {
            if (whatIf && !all && !guest.changed() && guest.error() == null) {
                continue;
            }
            Decision decision = guest.decision();
            String verdict = guest.error() != null ? "cannot tell" : decision == null ? "-" : decision.verdict().label();
            String dropped = String.join(",", guest.dropped().stream().map(d -> d.disk().target() + " " + d.action().label())
                    .toList());
            String problem = guest.error() != null ? guest.error() : firstProblem(decision);
            List<String> row = new ArrayList<>(List.of(guest.guest().name(), guest.guest().state(),
                    guest.guest().autostart() ? "yes" : "no",
                    guest.guest().nextStart() == null ? "-" : guest.guest().nextStart().getLabel()));
            if (whatIf) {
                row.add(guest.today() == null ? "-" : guest.today().verdict().label());
            }
            row.addAll(List.of(verdict, dropped.isEmpty() ? "-" : dropped, problem));
            rows.add(row.toArray(String[]::new));
            for (GuestVerdict.ChangedDisk disk : guest.changedDisks()) {
                ChainProblem cause = disk.assumed().problem();
                causes.append("  ").append(guest.guest().name()).append(' ').append(disk.assumed().disk().target())
                        .append(": ").append(disk.today().action().label()).append(" -> ")
                        .append(disk.assumed().action().label())
                        .append(cause != null && cause.assumption() != null
                                ? " (" + cause.assumption() + ": " + cause.path() + ")" : "")
                        .append('\n');
            }
        }
        StringBuilder out = new StringBuilder();
        TextReport.appendTable(out, rows);
        for (GuestVerdict guest : report.guests()) {
            for (SitePolicyDefinition.Change change : guest.toApply()) {
                out.append("guest ").append(guest.guest().name()).append(": ").append(change.describe())
                        .append(" is the site's policy, not the definition's: run virt-startup-policy apply ")
                        .append(guest.guest().name()).append('\n');
            }
        }
        if (!causes.isEmpty()) {
            out.append("\nwhat changes, and why:\n").append(causes);
        }
        HostSummary summary = HostSummary.of(report);
        out.append("\nsummary: ").append(summary.guests()).append(summary.guests() == 1 ? " guest: " : " guests: ")
                .append(summary.whole()).append(" would start whole, ").append(summary.lose())
                .append(" would lose a disk or medium, ").append(summary.fail()).append(" would fail, ")
                .append(summary.notDecided()).append(" not decided (transient, or cannot tell)")
                .append(whatIf ? "; the assumptions change " + summary.changed() : "").append('\n');
        return out.toString();
    }

    private static String firstProblem(Decision decision) {
        if (decision == null) {
            return "-";
        }
        for (DiskDecision disk : decision.disks()) {
            ChainProblem problem = disk.problem();
            if (problem != null) {
                return disk.disk().target() + ": " + problem.kind().label() + ": " + problem.path();
            }
        }
        return decision.errors().isEmpty() ? "-" : decision.errors().get(0).message();
    }
}
