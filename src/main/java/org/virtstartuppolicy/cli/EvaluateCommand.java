package org.virtstartuppolicy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DomainEvaluator;
import org.virtstartuppolicy.report.DecisionLog;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainXmlReader;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.report.OutputFormat;
import org.virtstartuppolicy.report.Report;
import org.virtstartuppolicy.rules.PolicyRules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Checks every disk of a domain and its whole backing chain, and decides with the rules"
                + " what this start does: keep, eject, remove, or fail.",
                "Exit status: 0 the guest may start, 1 the start must fail, 2 the tool cannot evaluate."})
final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--context", paramLabel = "CONTEXT", converter = ContextConverter.class,
            description = "cold-boot, restore, migrate or revert (default: the config's context, else cold-boot).")
    private StartContext context;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json or yaml (default: ${DEFAULT-VALUE}).")
    private OutputFormat output;

    @Option(names = "--explain", description = "Show how each disk's decision came about: what was found, and"
            + " every rule that fired, with its file and the facts it matched.")
    private boolean explain;

    @Option(names = "--decision-log", paramLabel = "FILE",
            description = "Append the decision to FILE as one JSON line (default: the config's decisionLog).")
    private Path decisionLog;

    @Mixin
    private RuleOptions rules;

    @Mixin
    private ConfigOption config;

    @Mixin
    private HostOptions host;

    @Parameters(index = "0", paramLabel = "DOMAIN.xml|-", description = "The domain XML, or - for standard input.")
    private String domainFile;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Config settings = config.read();
        Path logFile = decisionLog != null ? decisionLog
                : settings.decisionLog() == null ? null : Path.of(settings.decisionLog());
        try (DecisionLog log = logFile == null ? null : DecisionLog.open(logFile)) {
            Domain domain = readDomain();
            PolicyRules policy = PolicyRules.compile(rules.inForce(settings));
            Decision decision = new DomainEvaluator(policy, host.inspector(settings), settings.siteParameters())
                    .evaluate(domain, context != null ? context : settings.startContext());
            if (log != null) {
                log.append(decision, policy.digest());
            }
            spec.commandLine().getOut().print(Report.of(decision, output, explain));
            spec.commandLine().getOut().flush();
            return decision.mayStart() ? 0 : 1;
        }
    }

    private Domain readDomain() {
        DomainXmlReader reader = new DomainXmlReader();
        if ("-".equals(domainFile)) {
            return reader.read(System.in, "<stdin>");
        }
        Path path = Path.of(domainFile);
        if (Files.isDirectory(path)) {
            throw new ToolError(domainFile + ": is a directory, not a domain XML file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return reader.read(in, domainFile);
        } catch (NoSuchFileException e) {
            throw new ToolError(domainFile + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ToolError(domainFile + ": permission denied");
        } catch (IOException e) {
            throw new ToolError(domainFile + ": cannot read: " + e.getMessage());
        }
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
