package org.virtstartuppolicy.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.EvaluationLimits;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.hook.HookCall;
import org.virtstartuppolicy.hook.PendingStarts;
import org.virtstartuppolicy.report.DecisionLog;
import org.virtstartuppolicy.hook.StartNotes;
import org.virtstartuppolicy.service.ServiceClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "hook", mixinStandardHelpOptions = true,
        description = {"libvirt's QEMU hook (/etc/libvirt/hooks/qemu): called as libvirt calls it, with the full"
                + " domain XML on standard input.",
                "prepare begin: exit 0 silently when the start may go on, else 1 with the reason on standard error."
                        + " A prepare that follows restore begin or migrate begin is that restore or migration;"
                        + " otherwise a cold boot or a snapshot revert, told apart as far as libvirt's files allow:"
                        + " when the hook cannot tell, it refuses only what every context it cannot rule out refuses.",
                "restore begin, migrate begin: the same, and the effective domain XML on standard output when the"
                        + " start changes disks. Any other operation: exit 0, do nothing.",
                "With a service section in the config, asks the decision service (serve) first; when none answers,"
                        + " decides in process (service.fallback: true, the default) or fails the start."})
final class HookCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "GUEST", description = "The guest's name, as libvirt passes it; messages name"
            + " it. What is decided is the domain XML on standard input.")
    private String guest;

    @Parameters(index = "1", paramLabel = "OPERATION",
            description = "What libvirt is doing: prepare, start, started, restore, migrate, stopped, release, …; the"
                    + " hook decides at prepare, restore and migrate.")
    private String operation;

    @Parameters(index = "2", paramLabel = "SUBOPERATION", description = "begin or end (libvirt's stage of the"
            + " operation); the hook acts on begin only.")
    private String suboperation;

    @Parameters(index = "3", paramLabel = "EXTRA", arity = "0..1", description = "libvirt's extra argument, '-' for"
            + " the operations the hook decides; not used.")
    private String extra;

    @Option(names = "--in-process", description = "Decide in this process even when the config names a decision"
            + " service (the config's service section: the hook then asks the service first).")
    private boolean inProcess;

    @Option(names = "--service-unanswered", description = "The hook script's call after the decision service did not"
            + " answer it: do not ask again; decide in this process, or fail the start when the config's"
            + " service.fallback is false.")
    private boolean serviceUnanswered;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Config settings = config.read();
        if (serviceUnanswered && settings.service() != null && !settings.serviceSettings().fallsBack()) {
            throw new ToolError(settings.serviceSettings().socketPath() + ": no decision service answered the hook"
                    + " script and service.fallback is false");
        }
        return run(guest, operation, suboperation, extra, inProcess || serviceUnanswered, settings,
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Decides a hook call. {@link Main} calls it without the command line's parser when the call
     * has exactly libvirt's form ({@code hook GUEST OPERATION SUBOPERATION [EXTRA]}): the parser's
     * set-up alone costs a start tens of milliseconds.
     */
    static int run(String guest, String operation, String suboperation, String extra, boolean inProcess, Config settings,
                   PrintWriter out, PrintWriter err) {
        if (PendingStarts.completes(operation, suboperation)) {
            return recordOutcome(operation, settings, err);
        }
        if (!HookCall.acts(operation, suboperation)) {
            return 0;
        }
        if (!inProcess && settings.service() != null) {
            byte[] xml = DomainSource.read(null, System.in, EvaluationLimits.of(settings).domainXmlBytes()).text()
                    .getBytes(StandardCharsets.UTF_8);
            Optional<HookCall.Outcome> answer = ServiceClient.hook(settings.serviceSettings(), guest, operation,
                    suboperation, extra, xml);
            if (answer.isPresent()) {
                return told(answer.get(), out, err);
            }
            return told(decide(guest, operation, settings, new ByteArrayInputStream(xml), err), out, err);
        }
        return told(decide(guest, operation, settings, System.in, err), out, err);
    }

    /**
     * What the start did, for the decision log: never a reason to fail libvirt's call, whose start
     * is already under way (a problem is told on standard error).
     */
    private static int recordOutcome(String operation, Config settings, PrintWriter err) {
        try {
            Domain live = DomainSource.read(null, System.in, EvaluationLimits.of(settings).domainXmlBytes()).domain();
            try (DecisionLog log = settings.decisionLog() == null ? null : DecisionLog.open(Path.of(settings.decisionLog()))) {
                new PendingStarts(settings.hookState()).complete(operation, live, log);
            }
        } catch (ToolError e) {
            err.println("virt-startup-policy: the start's outcome is not logged: " + e.getMessage());
        }
        return 0;
    }

    private static HookCall.Outcome decide(String guest, String operation, Config settings, InputStream xml,
                                           PrintWriter err) {
        StartNotes notes = new StartNotes(settings.hookState());
        // the definition is read before the rules are compiled: one libvirt cannot have sent is told at once
        DomainSource source = DomainSource.read(null, xml, EvaluationLimits.of(settings).domainXmlBytes());
        Domain domain = source.domain();
        Path log = settings.decisionLog() == null ? null : Path.of(settings.decisionLog());
        try (Evaluation evaluation = Evaluation.open(settings, new RuleOptions().inForce(settings), HostSelection.THIS_MACHINE,
                log, why -> err.println("virt-startup-policy: " + why))) {
            PendingStarts pending = new PendingStarts(settings.hookState());
            pending.foldSpool(evaluation.decisionLog(), evaluation.limits().domainXmlBytes());
            return HookCall.decide(guest, operation, domain, source, evaluation, notes, pending);
        }
    }

    /** The effective definition on standard output; the reason a start fails on standard error, which libvirt shows. */
    private static int told(HookCall.Outcome outcome, PrintWriter out, PrintWriter err) {
        out.print(outcome.out());
        out.flush();
        err.print(outcome.err());
        err.flush();
        return outcome.exitCode();
    }
}
