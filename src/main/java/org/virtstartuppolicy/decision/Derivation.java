package org.virtstartuppolicy.decision;

import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.facts.AboutDisk;
import org.virtstartuppolicy.facts.AboutUsb;
import org.virtstartuppolicy.facts.Described;
import org.virtstartuppolicy.facts.DiskFact;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.facts.UsbDeviceFact;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.ChainProblem;
import org.virtstartuppolicy.rules.FiredRule;

/**
 * How one disk's decision came about: what the inspector found, the start context, then every
 * rule that fired about the disk, in firing order, with what it matched and what it concluded.
 */
final class Derivation {
    private Derivation() {
    }

    static List<TraceStep> of(DiskFact disk, BackingChain chain, StartContext context, List<FiredRule> fired) {
        List<TraceStep> steps = new ArrayList<>();
        if (chain != null && chain.pool() != null) {
            steps.add(TraceStep.found("storage pool " + chain.pool().describe()));
        }
        steps.add(TraceStep.found(finding(chain)));
        steps.add(TraceStep.found("the start is " + context.getDescription()));
        for (FiredRule rule : fired) {
            List<String> concluded = rule.inserted().stream().filter(fact -> concerns(fact, disk))
                    .map(Described::of).toList();
            if (concluded.isEmpty() && rule.matched().stream().noneMatch(fact -> concerns(fact, disk))) {
                continue;
            }
            steps.add(new TraceStep(concluded.isEmpty() ? "fired" : String.join("; ", concluded), rule.rule(),
                    rule.file(), rule.matched().stream().map(Described::of).toList()));
        }
        return steps;
    }

    /** How one USB host device's decision came about: what libvirt's lookup finds, the context, every rule about it. */
    static List<TraceStep> of(UsbDeviceFact usb, Object finding, StartContext context, List<FiredRule> fired) {
        List<TraceStep> steps = new ArrayList<>();
        steps.add(TraceStep.found(Described.of(finding)));
        steps.add(TraceStep.found("the start is " + context.getDescription()));
        for (FiredRule rule : fired) {
            List<String> concluded = rule.inserted().stream().filter(fact -> concerns(fact, usb)).map(Described::of).toList();
            if (concluded.isEmpty() && rule.matched().stream().noneMatch(fact -> concerns(fact, usb))) {
                continue;
            }
            steps.add(new TraceStep(concluded.isEmpty() ? "fired" : String.join("; ", concluded), rule.rule(),
                    rule.file(), rule.matched().stream().map(Described::of).toList()));
        }
        return steps;
    }

    static boolean concerns(Object fact, UsbDeviceFact usb) {
        return fact.equals(usb) || fact instanceof AboutUsb about && usb.equals(about.usb());
    }

    static boolean concerns(Object fact, DiskFact disk) {
        return fact.equals(disk) || fact instanceof AboutDisk about && disk.equals(about.disk());
    }

    /** The inspector's finding as a sentence that names the file and what refers to it. */
    private static String finding(BackingChain chain) {
        if (chain == null) {
            return "nothing to check: no medium, or a source the host cannot check";
        }
        ChainProblem problem = chain.problem();
        if (chain.notChecked() != null) {
            return "not checked: " + chain.notChecked();
        }
        if (problem == null) {
            return "all " + chain.elements().size() + " file(s) of the chain are accessible";
        }
        String file = "'" + problem.path() + "'"
                + (problem.referencedBy() == null ? "" : " (referred to by '" + problem.referencedBy() + "')");
        String what = switch (problem.kind()) {
            case MISSING -> file + " does not exist";
            case PERMISSION_DENIED -> file + " cannot be reached by QEMU's account";
            case LOOP -> file + " makes the chain loop";
            case TOO_DEEP -> "the chain is too deep at " + file;
            case CORRUPT -> "the header of " + file + " cannot be read";
            case FORMAT_NOT_RECORDED -> "the format of " + file + " is not recorded";
            case NOT_AN_IMAGE -> file + " is not a disk image";
            case POOL_MISSING, POOL_INACTIVE, VOLUME_MISSING -> "the volume " + file + " cannot be found";
            case UNREADABLE -> file + " cannot be read by this tool's account";
            case QEMU_CANNOT_OPEN -> file + " passes libvirt's check and QEMU cannot open it";
            case WOULD_BLOCK -> file + " would block libvirt";
        };
        return what + (problem.assumption() == null ? "" : " (as " + problem.assumption() + " assumes)") + ": "
                + problem.message();
    }
}
