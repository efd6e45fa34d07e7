package org.virtstartuppolicy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.StartErrorMessage;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.hook.LibvirtSnapshots;
import org.virtstartuppolicy.hook.StartKind;
import org.virtstartuppolicy.hook.StartNotes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
                        + " start changes disks. Any other operation: exit 0, do nothing."})
final class HookCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "GUEST", description = "The guest's name.")
    private String guest;

    @Parameters(index = "1", paramLabel = "OPERATION",
            description = "What libvirt is doing: prepare, start, started, restore, migrate, stopped, release, …")
    private String operation;

    @Parameters(index = "2", paramLabel = "SUBOPERATION", description = "begin or end; the hook acts on begin only.")
    private String suboperation;

    @Parameters(index = "3", paramLabel = "EXTRA", arity = "0..1", description = "libvirt passes '-'; unused.")
    private String extra;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return run(guest, operation, suboperation, config.read(), spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * libvirt's call, as {@link Main} hands it over without the command line's parser when it has
     * exactly libvirt's form ({@code hook GUEST OPERATION SUBOPERATION [EXTRA]}): the parser's
     * set-up alone costs a start tens of milliseconds.
     */
    static int run(String guest, String operation, String suboperation, Config settings, PrintWriter out,
                   PrintWriter err) {
        if (!"begin".equals(suboperation) || !List.of("prepare", "restore", "migrate").contains(operation)) {
            return 0;
        }
        StartNotes notes = new StartNotes(settings.hookState());
        try (PolicyRun run = PolicyRun.start(settings, new RuleOptions().inForce(settings), new HostOptions(), null, err)) {
            DomainSource source = DomainSource.read(null, System.in);
            Domain domain = PolicyRun.read(source);
            if (operation.equals("prepare")) {
                StartKind kind = StartKind.ofPrepare(notes.take(domain.uuid()).orElse(null), domain.isLiveDefinition(),
                        LibvirtSnapshots.exist(Path.of("/"), guest));
                List<Decision> decisions = kind.candidates().stream()
                        .map(context -> run.decide(domain, context, "hook " + kind.how())).toList();
                // libvirt's own check follows with the right row: refuse only what every candidate refuses
                return decisions.stream().anyMatch(Decision::mayStart) ? 0 : refused(guest, decisions.get(0), err);
            }
            StartContext context = operation.equals("restore") ? StartContext.RESTORE : StartContext.MIGRATE;
            Decision decision = run.decide(domain, context, "hook " + operation + " begin");
            if (!decision.mayStart()) {
                return refused(guest, decision, err);
            }
            notes.leave(domain.uuid(), context);
            if (EffectiveDefinition.changesDisks(decision)) {
                out.print(EffectiveDefinition.of(decision, source));
                out.flush();
            }
            return 0;
        }
    }

    /** The reason on standard error, which libvirt puts in the error of the start it aborts. */
    private static int refused(String guest, Decision decision, PrintWriter err) {
        for (StartErrorMessage error : decision.errors()) {
            err.println("virt-startup-policy: guest " + guest + ": "
                    + (error.target() == null ? "" : error.target() + ": ") + error.message());
        }
        return 1;
    }
}
