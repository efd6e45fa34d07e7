package org.virtstartuppolicy.hook;

import java.nio.file.Path;
import java.util.List;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.StartErrorMessage;
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
            StartNotes notes) {
        if (operation.equals("prepare")) {
            StartKind kind = StartKind.ofPrepare(notes.take(domain.uuid()).orElse(null), domain.isLiveDefinition(),
                    LibvirtSnapshots.exist(Path.of("/"), guest));
            List<Decision> decisions = kind.candidates().stream()
                    .map(context -> evaluation.decide(domain, context, "hook prepare begin", "hook " + kind.how())).toList();
            // libvirt's own check follows with the right row: refuse only what every candidate refuses
            return decisions.stream().anyMatch(Decision::mayStart) ? Outcome.GO_ON : refused(guest, decisions.get(0));
        }
        StartContext context = operation.equals("restore") ? StartContext.RESTORE : StartContext.MIGRATE;
        Decision decision = evaluation.decide(domain, context, "hook " + operation + " begin", "hook " + operation + " begin");
        if (!decision.mayStart()) {
            return refused(guest, decision);
        }
        notes.leave(domain.uuid(), context);
        if (EffectiveDefinition.siteDropsDisks(decision)) {
            return new Outcome(0, EffectiveDefinition.withSiteDrops(decision, source), "");
        }
        return Outcome.GO_ON;
    }

    /** The reason, which libvirt puts in the error of the start it aborts. */
    private static Outcome refused(String guest, Decision decision) {
        StringBuilder err = new StringBuilder();
        for (StartErrorMessage error : decision.errors()) {
            err.append("virt-startup-policy: guest ").append(guest).append(": ")
                    .append(error.target() == null ? "" : error.target() + ": ").append(error.message()).append('\n');
        }
        return new Outcome(1, "", err.toString());
    }
}
