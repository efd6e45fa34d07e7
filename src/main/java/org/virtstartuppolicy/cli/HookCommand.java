package org.virtstartuppolicy.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.config.ConfigReader;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.EvaluationLimits;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.hook.HookCall;
import org.virtstartuppolicy.hook.HookSettings;
import org.virtstartuppolicy.hook.HookSwitch;
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
                        + " decides in process (service.fallback: true, the default) or fails the start.",
                "Fail-safe: when the config does not read or its rules do not compile, decides with the last config and"
                        + " rules that worked (and says so), else follows the config's onError (refuse, the default, or"
                        + " allow). A file named hook-off beside the config lets every start go on unchecked."})
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
        Path file = ConfigOption.locate(config);
        if (serviceUnanswered && !HookSwitch.beside(file).isOff()) {
            Config settings = readable(file);
            if (settings != null && settings.service() != null && !settings.serviceSettings().fallsBack()) {
                throw new ToolError(settings.serviceSettings().socketPath() + ": no decision service answered the hook"
                        + " script and service.fallback is false");
            }
        }
        return run(guest, operation, suboperation, extra, inProcess || serviceUnanswered, file,
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Decides a hook call. {@link Main} calls it without the command line's parser when the call
     * has exactly libvirt's form ({@code hook GUEST OPERATION SUBOPERATION [EXTRA]}): the parser's
     * set-up alone costs a start tens of milliseconds.
     *
     * @param configFile the config in force, or null for the built-in defaults
     */
    static int run(String guest, String operation, String suboperation, String extra, boolean inProcess, Path configFile,
                   PrintWriter out, PrintWriter err) {
        HookSwitch off = HookSwitch.beside(configFile);
        if (off.isOff()) {
            return HookCall.acts(operation, suboperation) ? untouched(guest, operation, configFile, off.because(), err) : 0;
        }
        if (PendingStarts.completes(operation, suboperation)) {
            return recordOutcome(operation, configFile, err);
        }
        if (!HookCall.acts(operation, suboperation)) {
            return 0;
        }
        Config current = readable(configFile);
        if (!inProcess && current != null && current.service() != null) {
            byte[] xml = DomainSource.read(null, System.in, EvaluationLimits.of(current).domainXmlBytes()).text()
                    .getBytes(StandardCharsets.UTF_8);
            Optional<HookCall.Outcome> answer = ServiceClient.hook(current.serviceSettings(), guest, operation,
                    suboperation, extra, xml);
            if (answer.isPresent()) {
                return told(answer.get(), out, err);
            }
            return decide(guest, operation, configFile, new ByteArrayInputStream(xml), out, err);
        }
        return decide(guest, operation, configFile, System.in, out, err);
    }

    /** The config, or null when it does not read (the fail-safe then decides what to do). */
    private static Config readable(Path configFile) {
        try {
            return ConfigReader.read(configFile);
        } catch (ToolError e) {
            return null;
        }
    }

    /**
     * What the start did, for the decision log: never a reason to fail libvirt's call, whose start
     * is already under way (a problem is told on standard error).
     */
    private static int recordOutcome(String operation, Path configFile, PrintWriter err) {
        try {
            Config settings = ConfigReader.read(configFile);
            Domain live = DomainSource.read(null, System.in, EvaluationLimits.of(settings).domainXmlBytes()).domain();
            try (DecisionLog log = settings.decisionLog() == null ? null : DecisionLog.open(Path.of(settings.decisionLog()))) {
                new PendingStarts(settings.hookState()).complete(operation, live, log);
            }
        } catch (ToolError e) {
            err.println("virt-startup-policy: the start's outcome is not logged: " + e.getMessage());
        }
        return 0;
    }

    private static int decide(String guest, String operation, Path configFile, InputStream xml, PrintWriter out,
                              PrintWriter err) {
        HookSettings settings = HookSettings.load(configFile, why -> err.println("virt-startup-policy: " + why));
        if (!settings.decides()) {
            return untouched(guest, operation, configFile, settings.untouched(), err);
        }
        if (settings.fallback() != null) {
            err.println("virt-startup-policy: " + settings.fallback());
        }
        Config config = settings.config();
        StartNotes notes = new StartNotes(config.hookState());
        DomainSource source = DomainSource.read(null, xml, EvaluationLimits.of(config).domainXmlBytes());
        Domain domain = source.domain();
        DecisionLog log = openLog(config, settings.fallback(), err);
        try (Evaluation evaluation = Evaluation.of(config, settings.rules(), null, HostSelection.THIS_MACHINE, log)) {
            PendingStarts pending = new PendingStarts(config.hookState());
            pending.foldSpool(log, evaluation.limits().domainXmlBytes());
            return told(HookCall.decide(guest, operation, domain, source, evaluation, notes, pending), out, err);
        } finally {
            if (log != null) {
                log.close();
            }
        }
    }

    /**
     * The config's decision log, or null for none; one that cannot be written is told on standard
     * error and the start decided all the same: a log must not refuse every guest.
     */
    private static DecisionLog openLog(Config config, String fallback, PrintWriter err) {
        if (config.decisionLog() == null) {
            return null;
        }
        try {
            return DecisionLog.open(Path.of(config.decisionLog()), fallback);
        } catch (ToolError e) {
            err.println("virt-startup-policy: " + e.getMessage() + "; the start is decided, not logged");
            return null;
        }
    }

    /** A start let go on undecided (the off switch, onError: allow): said on standard error and, when it can be, logged. */
    private static int untouched(String guest, String operation, Path configFile, String because, PrintWriter err) {
        try {
            System.in.transferTo(OutputStream.nullOutputStream()); // libvirt writes the whole definition
        } catch (IOException e) {
            // nothing is read from it
        }
        err.println("virt-startup-policy: " + guest + ": " + because);
        Config config = readable(configFile);
        if (config != null && config.decisionLog() != null) {
            try (DecisionLog log = DecisionLog.open(Path.of(config.decisionLog()))) {
                log.appendUnchecked(guest, null, "hook " + operation + " begin", because);
            } catch (ToolError e) {
                err.println("virt-startup-policy: " + e.getMessage());
            }
        }
        return 0;
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
