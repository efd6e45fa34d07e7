package org.virtstartuppolicy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.WhatIf;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.EvaluationLimits;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.image.Assumptions;
import org.virtstartuppolicy.report.EffectiveDefinition;
import org.virtstartuppolicy.report.OutputFormat;
import org.virtstartuppolicy.report.Report;
import org.virtstartuppolicy.rules.RuleFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Checks every disk of a domain and its whole backing chain, and decides with the rules"
                + " what this start does: keep, eject, remove, or fail.",
                "With --assume-missing or --assume-present, decides as if those files were gone or there, and says what"
                        + " that changes beside what the host as it is gives (today).",
                "Exit status: 0 the guest may start (with assumptions: nothing changes for the worse), 1 the start must"
                        + " fail (with assumptions: would fail or lose a disk it has today), 2 the tool cannot evaluate."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--context", paramLabel = "CONTEXT", converter = ContextConverter.class,
            description = "How the guest is being started: cold-boot (virsh start, create, autostart), restore"
                    + " (virsh restore, managed save), migrate (incoming migration) or revert (snapshot revert)."
                    + " Default: the config's context, else cold-boot.")
    private StartContext context;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or yaml (default: ${DEFAULT-VALUE}). JSON and YAML field names are a contract:"
                    + " fields may be added, never renamed.")
    private OutputFormat output;

    @Option(names = "--explain", description = "Show how each disk's decision came about: what was found, and"
            + " every rule that fired, with its file and the facts it matched.")
    private boolean explain;

    @Option(names = "--decision-log", paramLabel = "FILE",
            description = "Append the decision to FILE as one JSON line. Without it evaluate logs nothing, unless the"
                    + " config says logEvaluate: true (then to its decisionLog, where the hook and the service log).")
    private Path decisionLog;

    @Mixin
    private RuleOptions rules;

    @Mixin
    private ConfigOption config;

    @Mixin
    private HostOptions host;

    @Mixin
    private WhatIfOptions whatIf;

    @Option(names = "--write-domain", paramLabel = "FILE|DIR", description = "Write the definition this start would"
            + " use: removed disks gone, ejected media empty, everything else as given. With several domains, a folder"
            + " where each is written under its input's name.")
    private Path writeDomain;

    @Option(names = "--overwrite", description = "Let --write-domain replace the input file.")
    private boolean overwrite;

    @Option(names = "--allow-empty", description = "Folders with no domain XML in them are no error: the run"
            + " decides nothing and exits 0 (without it, exit 2 naming the folders).")
    private boolean allowEmpty;

    @Parameters(arity = "1..*", paramLabel = "DOMAIN.xml|DIR|-",
            description = "Domain XML files as 'virsh dumpxml' prints them, folders of them (every *.xml), or - for"
                    + " standard input.")
    private List<String> domains;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Evaluate up to N domains at once (default: one per processor); results keep the input's order.")
    private Integer jobs;

    /**
     * One domain's evaluation, done on any thread: the decision and its report, or why there is none.
     *
     * @param read whether the domain XML was read (else the error says why it could not be)
     */
    private record Evaluated(DomainSource source, WhatIf decision, String report, ToolError error,
                             boolean read) {
    }

    @Override
    public Integer call() {
        Config settings = config.read();
        // Everything the command line names is checked before any rule is compiled.
        HostSelection selection = host.selection();
        Assumptions assumptions = whatIf.assumptions(selection);
        if (jobs != null && jobs < 1) {
            throw new ToolError("--jobs must be at least 1, not " + jobs);
        }
        List<Path> files = DomainArguments.expand(domains, allowEmpty);
        boolean batch = files.size() != 1 || domains.stream().anyMatch(d -> Files.isDirectory(Path.of(d)));
        checkWriteDomain(batch);
        List<RuleFile> ruleFiles = rules.inForce(settings);
        BatchSummary summary = new BatchSummary();
        if (files.isEmpty()) {
            printSummary(summary);
            return 0;
        }
        // a manual run is a dry run: it logs when told to, the hook and the service always
        Path logFile = decisionLog != null ? decisionLog
                : settings.evaluateLogs() && settings.decisionLog() != null ? Path.of(settings.decisionLog()) : null;
        int maxBytes = EvaluationLimits.of(settings).domainXmlBytes();
        try (Evaluation run = Evaluation.open(settings, ruleFiles, new HostSelection(selection.root(), selection.asUser(),
                !assumptions.isEmpty()), logFile, why -> spec.commandLine().getErr().println("virt-startup-policy: " + why))) {
            Evaluation assumed = run.assuming(assumptions);
            StartContext startContext = context != null ? context : settings.startContext();
            String contextFrom = context != null ? "evaluate --context"
                    : settings.context() != null ? "evaluate, the config's context" : "evaluate, the default context";
            int[] worst = {0};
            InOrder.map(files, jobs != null ? jobs : InOrder.defaultThreads(), file -> {
                DomainSource source;
                Domain domain;
                try {
                    source = DomainSource.read(file, System.in, maxBytes);
                    domain = source.domain();
                } catch (ToolError e) {
                    return new Evaluated(null, null, null, naming(file, e.getMessage()), false);
                }
                try {
                    WhatIf decision = new WhatIf(assumed.decide(domain, startContext),
                            assumptions.isEmpty() ? null : run.decide(domain, startContext));
                    return new Evaluated(source, decision, Report.of(decision, output, explain, batch,
                            batch ? source.name() : null), null, true);
                } catch (ToolError e) {
                    return new Evaluated(source, null, null, naming(file, e.getMessage()), true);
                } catch (RuntimeException e) {
                    // a fault of the tool itself is this domain's error: the batch goes on
                    return new Evaluated(source, null, null, naming(file, "internal error: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage())), true);
                }
            }, evaluated -> {
                try {
                    if (evaluated.error() != null) {
                        throw evaluated.error();
                    }
                    WhatIf whatIfDecision = evaluated.decision();
                    // what is logged is what the host as it is gives
                    Decision decision = whatIfDecision.today() != null ? whatIfDecision.today() : whatIfDecision.decision();
                    run.log(decision, "evaluate", contextFrom);
                    if (writeDomain != null) {
                        EffectiveDefinition.write(decision, evaluated.source(), target(evaluated.source(), decision, batch),
                                overwrite);
                    }
                    spec.commandLine().getOut().print((summary.decided() == 0 || output != OutputFormat.TEXT ? "" : "\n")
                            + evaluated.report());
                    spec.commandLine().getOut().flush(); // a reader of a pipe sees each result as it is decided
                    summary.add(whatIfDecision.decision());
                    // with assumptions: 1 when a start would fail or lose a disk it has today
                    boolean worse = whatIfDecision.today() != null ? whatIfDecision.loses() : !decision.mayStart();
                    worst[0] = Math.max(worst[0], worse ? 1 : 0);
                } catch (ToolError e) {
                    if (!batch) {
                        throw e;
                    }
                    spec.commandLine().getErr().println("virt-startup-policy: " + e.getMessage());
                    if (evaluated.read()) {
                        summary.addUndecided();
                    } else {
                        summary.addUnreadable();
                    }
                    worst[0] = ToolError.EXIT_CODE;
                }
            });
            if (batch) {
                printSummary(summary);
            }
            spec.commandLine().getOut().flush();
            return worst[0];
        }
    }

    /** A domain's error, naming its file (rule failures name only the rule). */
    private static ToolError naming(Path file, String message) {
        String name = file == null ? "<stdin>" : file.toString();
        return new ToolError(message.startsWith(name) ? message : name + ": " + message);
    }

    /** A summary on standard output would break JSON Lines and YAML streams for their readers: those get it on standard error. */
    private void printSummary(BatchSummary summary) {
        (output == OutputFormat.TEXT ? spec.commandLine().getOut() : spec.commandLine().getErr())
                .println((output == OutputFormat.TEXT && summary.decided() > 0 ? "\n" : "") + summary);
        spec.commandLine().getOut().flush();
    }

    /** Where --write-domain writes must be there before anything is decided. */
    private void checkWriteDomain(boolean batch) {
        if (writeDomain == null) {
            return;
        }
        if (batch && !Files.isDirectory(writeDomain)) {
            throw new ToolError(writeDomain + ": --write-domain must name a folder when evaluating several domains");
        }
        Path folder = writeDomain.toAbsolutePath().getParent();
        if (!batch && folder != null && !Files.isDirectory(folder)) {
            throw new ToolError(writeDomain + ": cannot write the effective definition: no such folder " + folder);
        }
    }

    private Path target(DomainSource source, Decision decision, boolean batch) {
        if (!batch) {
            return writeDomain;
        }
        String name = source.file() != null ? source.file().getFileName().toString() : decision.domain().name() + ".xml";
        return writeDomain.resolve(name);
    }

    static final class ContextConverter implements picocli.CommandLine.ITypeConverter<StartContext> {
        @Override
        public StartContext convert(String value) {
            try {
                return StartContext.ofLabel(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
