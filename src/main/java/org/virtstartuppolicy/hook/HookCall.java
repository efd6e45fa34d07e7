package org.virtstartuppolicy.hook;

import java.nio.file.Path;
import java.util.List;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.report.EffectiveDefinition;

/**
 * How the libvirt hook decides one call, whoever runs it: {@code hook} in its own process, or
 * the resident service ({@code POST /v1/hook/OPERATION}). The caller reads the definition and
 * gives the evaluation (its rules, its decision log); this tells the start contexts apart,
 * keeps the notes, and says what libvirt is to be told.
 */
public final class HookCall {

    /**
     * What libvirt is told.
     *
     * @param exitCode 0 the start goes on, 1 it must fail
     * @param out      for standard output: the effective domain XML (restore, migrate), or empty
     * @param err      for standard error: the reason a start must fail, a line per error, or empty
     */
    public record Outcome(int exitCode, String out, String err) {
        public static final Outcome GO_ON = new Outcome(0, "", "");
    }

    private HookCall() {
    }

    /** Whether the call is one the hook decides ({@code prepare}, {@code restore}, {@code migrate} at {@code begin}). */
    public static boolean acts(String operation, String suboperation) {
        return "begin".equals(suboperation) && List.of("prepare", "restore", "migrate").contains(operation);
    }

    /**
     * Decides a call the hook {@link #acts acts} on.
     *
     * @param source the definition as libvirt gave it, parsed into {@code domain}; the effective one is made from it
     */
    public static Outcome decide(String guest, String operation, Domain domain, DomainSource source, Evaluation evaluation,
            StartNotes notes, PendingStarts pending) {
        if (operation.equals("prepare")) {
            StartKind kind = StartKind.ofPrepare(notes.take(domain.uuid()).orElse(null), domain.isLiveDefinition(),
                    LibvirtSnapshots.exist(Path.of("/"), guest));
            List<HookAnswer> answers = kind.candidates().stream()
                    .map(context -> prepare(guest, domain, context, evaluation, "hook " + kind.how())).toList();
            List<HookAnswer> allowed = answers.stream().filter(HookAnswer::allowed).toList();
            // libvirt's own check follows with the right row: refuse only what every candidate refuses
            if (allowed.isEmpty()) {
                return answers.get(0).refusal();
            }
            if (allowed.stream().allMatch(answer -> answer.logged() != null)) {
                pending.leave(domain, allowed.stream().map(HookAnswer::decision).toList(),
                        allowed.stream().map(HookAnswer::logged).toList());
            }
            return Outcome.GO_ON;
        }
        StartContext context = operation.equals("restore") ? StartContext.RESTORE : StartContext.MIGRATE;
        String origin = "hook " + operation + " begin";
        Decision decision = evaluation.decide(domain, context);
        if (!decision.mayStart()) {
            HookAnswer refused = HookAnswer.refusedBySite(guest, decision);
            evaluation.log(decision, origin, origin, false, null);
            return refused.refusal();
        }
        Decision libvirt = evaluation.hasSiteRules() ? evaluation.decideAsLibvirt(domain, context) : decision;
        HookAnswer usb = HookAnswer.usbRefusal(guest, decision, libvirt);
        if (usb != null) {
            evaluation.log(decision, origin, origin, false, usb.because());
            return usb.refusal();
        }
        evaluation.log(decision, origin, origin, true, null);
        notes.leave(domain.uuid(), context);
        // this hook hands libvirt the definition to start: what the site drops and libvirt alone
        // would not, is dropped in it; what libvirt drops itself, it drops with its own events
        String effective = EffectiveDefinition.droppedBeyond(decision, libvirt, source);
        return effective == null ? Outcome.GO_ON : new Outcome(0, effective, "");
    }

    /**
     * A {@code prepare} in one context. libvirt takes no definition back from it and decides itself
     * from the one it has: on a cold boot and a revert, the start goes on only when what the site
     * decides is what libvirt will do, and a site rule that would relax libvirt's decision refuses
     * the start, saying why and how to have libvirt carry it out. After a restore or a migration the
     * definition is the one the first hook call handed back, so the site's decision is libvirt's.
     */
    private static HookAnswer prepare(String guest, Domain domain, StartContext context, Evaluation evaluation,
                                      String contextFrom) {
        Decision site = evaluation.decide(domain, context);
        HookAnswer answer;
        if (!site.mayStart()) {
            answer = HookAnswer.refusedBySite(guest, site);
        } else if (!context.isColdBoot() && context != StartContext.REVERT) {
            answer = new HookAnswer(site, true, null, List.of());
        } else {
            Decision libvirt = evaluation.hasSiteRules() ? evaluation.decideAsLibvirt(domain, context) : site;
            answer = HookAnswer.of(guest, site, libvirt);
        }
        return answer.loggedAs(evaluation.log(site, "hook prepare begin", contextFrom, answer.allowed(), answer.because()));
    }
}
