package org.virtstartuppolicy.decision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.UsbDevice;
import org.virtstartuppolicy.facts.ActionOverride;
import org.virtstartuppolicy.facts.DiskFact;
import org.virtstartuppolicy.facts.EffectivePolicy;
import org.virtstartuppolicy.facts.FinalAction;
import org.virtstartuppolicy.facts.PolicyClaim;
import org.virtstartuppolicy.facts.PolicyOrigin;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.facts.StartError;
import org.virtstartuppolicy.facts.StartFacts;
import org.virtstartuppolicy.facts.UsbAction;
import org.virtstartuppolicy.facts.UsbDeviceFact;
import org.virtstartuppolicy.facts.UsbPolicy;
import org.virtstartuppolicy.facts.UsbPolicyClaim;
import org.virtstartuppolicy.facts.Verdict;
import org.virtstartuppolicy.facts.Warning;
import org.virtstartuppolicy.usb.UsbFinding;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.QemuUser;
import org.virtstartuppolicy.rules.RuleId;
import org.virtstartuppolicy.rules.RuleOutcome;

/**
 * The outcome for one domain: the verdict, each disk's and each USB host device's decision in
 * document order, the errors that fail the start (the USB devices' before the disks', since
 * libvirt prepares host devices first) and the warnings of the warn stage. Built from what the
 * rules inserted; nothing is decided here.
 */
public record Decision(Domain domain, StartContext context, Verdict verdict, List<DiskDecision> disks,
                       List<UsbDecision> usbDevices, List<StartErrorMessage> errors, List<WarningMessage> warnings,
                       List<RuleId> firedRules,
                       QemuUser checkedAs) {
    public Decision {
        disks = List.copyOf(disks);
        usbDevices = List.copyOf(usbDevices);
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        firedRules = List.copyOf(firedRules);
    }

    public boolean mayStart() {
        return verdict == Verdict.START;
    }

    /** Disks whose action emits an event, in the order libvirt emits them: last disk first. */
    public List<DiskDecision> events() {
        List<DiskDecision> events = new ArrayList<>(disks.stream().filter(d -> d.event() != null).toList());
        Collections.reverse(events);
        return events;
    }

    /** @param checkedAs the account whose access to the files was judged */
    /** @param usb what libvirt's lookup finds of each USB host device */
    public static Decision of(Domain domain, Map<Disk, BackingChain> chains, Map<UsbDevice, UsbFinding> usb,
                              StartFacts facts, RuleOutcome outcome, QemuUser checkedAs) {
        List<DiskDecision> disks = new ArrayList<>();
        List<FinalAction> finalActions = outcome.factsOf(FinalAction.class);
        for (DiskFact fact : facts.disks()) {
            Disk disk = domain.disks().get(fact.index());
            FinalAction action = onlyAction(fact, finalActions);
            BackingChain chain = chains.get(disk);
            EffectivePolicy policy = effectivePolicy(fact, outcome);
            RuleId claimedBy = claimedBy(policy, outcome);
            disks.add(new DiskDecision(disk, action.action(), action.event(), action.reason(),
                    policy, claimedBy, chain == null ? null : chain.problem(), chain,
                    Derivation.of(fact, chain, facts.context(), outcome.fired()),
                    decidedBy(action, outcome, claimedBy, chain),
                    outcome.insertions().stream().filter(i -> Derivation.concerns(i.fact(), fact))
                            .map(i -> i.rule().rule()).distinct().toList()));
        }
        List<UsbDecision> usbDevices = new ArrayList<>();
        for (int i = 0; i < facts.usbDevices().size(); i++) {
            UsbDevice device = domain.usbDevices().get(i);
            usbDevices.add(usbDecision(device, usb.get(device), facts, facts.usbDevices().get(i), facts.usbFindings().get(i),
                    outcome));
        }
        List<StartErrorMessage> errors = outcome.factsOf(StartError.class).stream()
                // the domain's, the USB devices', then the disks'; several errors of one device in the same order
                // whatever the firing order
                .sorted(Comparator.comparingInt(Decision::errorOrder)
                        .thenComparing(e -> e.device() == null ? "" : e.device()).thenComparing(StartError::message))
                .map(e -> new StartErrorMessage(e.device(), e.message()))
                .toList();
        List<WarningMessage> warnings = outcome.factsOf(Warning.class).stream()
                .sorted(Comparator.comparingInt((Warning w) -> w.disk() == null ? -1 : w.disk().index())
                        .thenComparing(Warning::message))
                .map(w -> new WarningMessage(w.disk() == null ? null : w.disk().target(), w.message()))
                .toList();
        List<Verdict> verdicts = outcome.factsOf(Verdict.class);
        if (verdicts.size() != 1) {
            throw new ToolError("the rules gave " + verdicts.size() + " verdicts for domain '" + domain.name()
                    + "', expected exactly one");
        }
        return new Decision(domain, facts.context(), verdicts.get(0), disks, usbDevices, errors, warnings,
                outcome.firedRules(),
                checkedAs);
    }

    /** The domain's errors first, then the USB devices' (prepared first), then the disks', each in document order. */
    private static int errorOrder(StartError error) {
        if (error.disk() != null) {
            return 1_000_000 + error.disk().index();
        }
        return error.usb() != null ? 1 + error.usb().index() : 0;
    }

    private static UsbDecision usbDecision(UsbDevice device, UsbFinding found, StartFacts facts, UsbDeviceFact usb,
                                           Object finding, RuleOutcome outcome) {
        List<UsbAction> actions = outcome.factsOf(UsbAction.class).stream().filter(a -> a.usb().equals(usb)).toList();
        if (actions.size() != 1) {
            throw new ToolError("the rules gave " + actions.size() + " outcomes for " + usb.label()
                    + (actions.isEmpty() ? "" : " (" + actions.stream().map(UsbAction::outcome).toList() + ")")
                    + ", expected exactly one");
        }
        UsbAction action = actions.get(0);
        UsbPolicy policy = outcome.factsOf(UsbPolicy.class).stream().filter(p -> p.usb().equals(usb)).findFirst().orElse(null);
        RuleId claimedBy = policy == null || policy.origin() != PolicyOrigin.SITE ? null
                : outcome.factsOf(UsbPolicyClaim.class).stream()
                        .filter(claim -> claim.usb().equals(usb) && claim.policy() == policy.policy())
                        .map(outcome::insertedBy).filter(Objects::nonNull)
                        .min(Comparator.comparing(RuleId::file).thenComparing(RuleId::rule)).orElse(null);
        return new UsbDecision(device, action.outcome(), action.reason(), policy, claimedBy,
                found.device(), action.error(), outcome.insertedBy(action),
                Derivation.of(usb, finding, facts.context(), outcome.fired()),
                outcome.insertions().stream().filter(i -> Derivation.concerns(i.fact(), usb)).map(i -> i.rule().rule())
                        .distinct().toList());
    }

    /**
     * The rule that decided the final action: the site's override (of several, the first by file
     * and rule name, a stable order); for a missing disk whose row the table chose by the policy a
     * site rule claimed, that rule; else the table's row.
     */
    private static DecidingRule decidedBy(FinalAction action, RuleOutcome outcome, RuleId claimedBy, BackingChain chain) {
        boolean byOverride = action.from().stream().anyMatch(ActionOverride.class::isInstance);
        if (!byOverride && claimedBy != null && chain != null && chain.problem() != null && chain.problem().kind().isMissing()) {
            return new DecidingRule(claimedBy.rule(), claimedBy.file(), true);
        }
        return action.from().stream()
                .map(source -> {
                    RuleId rule = outcome.insertedBy(source);
                    return rule == null ? null : new DecidingRule(rule.rule(), rule.file(), source instanceof ActionOverride);
                })
                .filter(Objects::nonNull)
                .min(Comparator.comparing(DecidingRule::file).thenComparing(DecidingRule::rule))
                .orElse(null);
    }

    /** The policy the table applied to the disk, or null for an invalid disk (none applies). */
    private static EffectivePolicy effectivePolicy(DiskFact disk, RuleOutcome outcome) {
        return outcome.factsOf(EffectivePolicy.class).stream().filter(p -> p.disk().equals(disk)).findFirst().orElse(null);
    }

    /** The site rule whose claim set the disk's policy, or null when the policy is not the site's. */
    private static RuleId claimedBy(EffectivePolicy policy, RuleOutcome outcome) {
        if (policy == null || policy.origin() != PolicyOrigin.SITE) {
            return null;
        }
        return outcome.factsOf(PolicyClaim.class).stream()
                .filter(claim -> claim.disk().equals(policy.disk()) && claim.policy() == policy.policy())
                .map(outcome::insertedBy).filter(Objects::nonNull)
                .min(Comparator.comparing(RuleId::file).thenComparing(RuleId::rule)).orElse(null);
    }

    private static FinalAction onlyAction(DiskFact disk, List<FinalAction> actions) {
        List<FinalAction> mine = actions.stream().filter(a -> a.disk().equals(disk)).toList();
        if (mine.size() != 1) {
            throw new ToolError("the rules gave " + mine.size() + " final actions for disk " + disk.target()
                    + (mine.isEmpty() ? "" : " (" + mine.stream().map(FinalAction::action).toList() + ")")
                    + ", expected exactly one");
        }
        return mine.get(0);
    }
}
