package org.virtstartuppolicy.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.StartErrorMessage;
import org.virtstartuppolicy.facts.StartContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "hook", mixinStandardHelpOptions = true,
        description = {"libvirt's QEMU hook (/etc/libvirt/hooks/qemu): called as libvirt calls it, with the full"
                + " domain XML on standard input.",
                "prepare begin: exit 0 silently when the start may go on, else 1 with the reason on standard error.",
                "restore begin, migrate begin: the same, and the effective domain XML on standard output when the"
                        + " start changes disks. Any other operation: exit 0, do nothing."})
final class HookCommand implements Callable<Integer> {
    /** The operations this hook decides for, and the start context each one is. */
    private static final Map<String, StartContext> CONTEXTS = Map.of(
            "prepare", StartContext.COLD_BOOT,
            "restore", StartContext.RESTORE,
            "migrate", StartContext.MIGRATE);

    @Parameters(index = "0", paramLabel = "GUEST")
    private String guest;

    @Parameters(index = "1", paramLabel = "OPERATION")
    private String operation;

    @Parameters(index = "2", paramLabel = "SUBOPERATION")
    private String suboperation;

    @Parameters(index = "3", paramLabel = "EXTRA", arity = "0..1")
    private String extra;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        StartContext context = CONTEXTS.get(operation);
        if (context == null || !"begin".equals(suboperation)) {
            return 0;
        }
        Config settings = config.read();
        try (PolicyRun run = PolicyRun.start(settings, new RuleOptions().inForce(settings), new HostOptions(), null)) {
            DomainSource source = DomainSource.read(null, System.in);
            Decision decision = run.decide(source, context);
            if (!decision.mayStart()) {
                for (StartErrorMessage error : decision.errors()) {
                    spec.commandLine().getErr().println("virt-startup-policy: guest " + guest + ": "
                            + (error.target() == null ? "" : error.target() + ": ") + error.message());
                }
                return 1;
            }
            if (context != StartContext.COLD_BOOT && EffectiveDefinition.changesDisks(decision)) {
                spec.commandLine().getOut().print(EffectiveDefinition.of(decision, source));
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }
}
