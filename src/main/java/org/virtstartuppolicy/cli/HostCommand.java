package org.virtstartuppolicy.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.EvaluationLimits;
import org.virtstartuppolicy.evaluation.HostEvaluation;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.host.Guest;
import org.virtstartuppolicy.host.HostReport;
import org.virtstartuppolicy.host.LibvirtGuests;
import org.virtstartuppolicy.image.Assumptions;
import org.virtstartuppolicy.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "host", mixinStandardHelpOptions = true,
        description = {"Every guest libvirt knows on this host, each for its next start, read from libvirt's own files"
                + " (never asking the daemon: it may be stopped, or the host mounted elsewhere with --root): a guest with"
                + " a managed save is decided as the restore of the definition saved in it, every other persistent guest"
                + " as a cold boot of its definition (a running one too, for its next cold boot); transient guests are"
                + " listed, not decided.",
                "With --assume-missing and --assume-present, decides as if those files were gone or there: the table"
                        + " shows only what changes (--all: every guest), each changed disk with the assumption behind it.",
                "Exit status: 0 every guest would start with every disk (with assumptions: nothing changes for the"
                        + " worse), 1 some guest would fail or lose a disk or medium (it has today), 2 the tool cannot tell."})
final class HostCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, yaml or html (one self-contained page: the summary, every guest with its disks"
                    + " and their backing chains drawn; default: ${DEFAULT-VALUE}).")
    private PageOrDocument output;

    @Option(names = "--all", description = "With assumptions, every guest in the table, not only those they change.")
    private boolean all;

    @Option(names = "--decision-log", paramLabel = "FILE", description = "Append each guest's decision (the host as it"
            + " is) to FILE; without it, nothing is logged.")
    private Path decisionLog;

    @Mixin
    private WhatIfOptions whatIf;

    @Mixin
    private RuleOptions rules;

    @Mixin
    private ConfigOption config;

    @Mixin
    private HostOptions host;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Config settings = config.read();
        HostSelection plain = host.selection();
        HostSelection selection = new HostSelection(plain.root(), plain.asUser(), true);
        Assumptions assumptions = whatIf.assumptions(selection);
        List<Guest> guests = LibvirtGuests.read(selection.fileSystem(), EvaluationLimits.of(settings).domainXmlBytes());
        try (Evaluation evaluation = Evaluation.open(settings, rules.inForce(settings), selection, decisionLog,
                why -> spec.commandLine().getErr().println("virt-startup-policy: " + why))) {
            HostReport report = HostEvaluation.of(guests, evaluation, assumptions, "host");
            spec.commandLine().getOut().print(output == PageOrDocument.HTML ? Report.page(report)
                    : Report.of(report, output.document(), all));
            spec.commandLine().getOut().flush();
            return report.exitCode();
        }
    }
}
