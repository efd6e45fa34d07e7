package org.virtstartuppolicy.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.decision.StartErrorMessage;
import org.virtstartuppolicy.decision.UsbDecision;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.facts.UsbOutcome;
import org.virtstartuppolicy.facts.Verdict;

/** Compares a decision with what a scenario expects, one "want X, got Y" line per difference. */
final class Expectations {
    private Expectations() {
    }

    static List<String> unmet(Scenario.Expect expect, Decision decision) {
        List<String> failures = new ArrayList<>();
        if (expect.verdict() != null && Verdict.ofLabel(expect.verdict()) != decision.verdict()) {
            failures.add("verdict: want " + expect.verdict() + ", got " + decision.verdict());
        }
        Map<String, Scenario.DiskExpect> disks = expect.disks() == null ? Map.of() : expect.disks();
        for (Map.Entry<String, Scenario.DiskExpect> entry : disks.entrySet()) {
            String target = entry.getKey();
            DiskDecision disk = decision.disks().stream().filter(d -> target.equals(d.disk().target())).findFirst()
                    .orElse(null);
            if (disk == null) {
                failures.add(target + ": want a disk " + target + ", got none (the domain has "
                        + decision.disks().stream().map(d -> d.disk().target()).toList() + ")");
                continue;
            }
            unmet(target, entry.getValue(), disk, failures);
        }
        Map<String, Scenario.UsbExpect> usb = expect.usb() == null ? Map.of() : expect.usb();
        for (Map.Entry<String, Scenario.UsbExpect> entry : usb.entrySet()) {
            String label = entry.getKey();
            UsbDecision device = decision.usbDevices().stream().filter(d -> label.equals(d.device().label())).findFirst()
                    .orElse(null);
            if (device == null) {
                failures.add(label + ": want a USB host device " + label + ", got none (the domain has "
                        + decision.usbDevices().stream().map(d -> d.device().label()).toList() + ")");
                continue;
            }
            unmet(label, entry.getValue(), device, failures);
        }
        List<String> messages = decision.errors().stream().map(StartErrorMessage::message).toList();
        for (String wanted : expect.errors() == null ? List.<String>of() : expect.errors()) {
            if (messages.stream().noneMatch(m -> m.contains(wanted))) {
                failures.add("errors: want one containing '" + wanted + "', got " + messages);
            }
        }
        List<String> warnings = decision.warnings().stream()
                .map(w -> (w.target() == null ? "domain" : w.target()) + ": " + w.message()).toList();
        if (expect.warnings() != null && expect.warnings().isEmpty() && !warnings.isEmpty()) {
            failures.add("warnings: want none, got " + warnings);
        }
        for (String wanted : expect.warnings() == null ? List.<String>of() : expect.warnings()) {
            if (warnings.stream().noneMatch(w -> w.contains(wanted))) {
                failures.add("warnings: want one containing '" + wanted + "', got " + warnings);
            }
        }
        return failures;
    }

    private static void unmet(String target, Scenario.DiskExpect want, DiskDecision got, List<String> failures) {
        if (want.action() != null && Action.ofLabel(want.action()) != got.action()) {
            failures.add(target + ".action: want " + want.action() + ", got " + got.action());
        }
        String event = got.event() == null ? null : got.event().label();
        if (want.event() != null && !Objects.equals(orNone(want.event()), event)) {
            failures.add(target + ".event: want " + want.event() + ", got " + orNone(event));
        }
        String problem = got.problem() == null ? null : got.problem().path();
        if (want.problem() != null && !Objects.equals(orNone(want.problem()), problem)) {
            failures.add(target + ".problem: want " + want.problem() + ", got " + orNone(problem));
        }
        if (want.reason() != null && !got.reason().contains(want.reason())) {
            failures.add(target + ".reason: want text containing '" + want.reason() + "', got '" + got.reason() + "'");
        }
        for (String rule : want.rules() == null ? List.<String>of() : want.rules()) {
            if (!got.rules().contains(rule)) {
                failures.add(target + ".rules: want '" + rule + "' to fire, got " + got.rules());
            }
        }
    }

    private static void unmet(String label, Scenario.UsbExpect want, UsbDecision got, List<String> failures) {
        if (want.outcome() != null && UsbOutcome.ofLabel(want.outcome()) != got.outcome()) {
            failures.add(label + ".outcome: want " + want.outcome() + ", got " + got.outcome());
        }
        if (want.reason() != null && !got.reason().contains(want.reason())) {
            failures.add(label + ".reason: want text containing '" + want.reason() + "', got '" + got.reason() + "'");
        }
        for (String rule : want.rules() == null ? List.<String>of() : want.rules()) {
            if (!got.rules().contains(rule)) {
                failures.add(label + ".rules: want '" + rule + "' to fire, got " + got.rules());
            }
        }
    }

    /** "none" in a scenario stands for no value; null in a decision is shown as "none". */
    private static String orNone(String value) {
        return value == null ? "none" : "none".equals(value) ? null : value;
    }
}
