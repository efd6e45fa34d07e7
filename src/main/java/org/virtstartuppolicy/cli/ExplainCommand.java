package org.virtstartuppolicy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.config.ConfigReader;
import org.virtstartuppolicy.evaluation.EvaluationLimits;
import org.virtstartuppolicy.hook.PendingStarts;
import org.virtstartuppolicy.report.DecisionLog;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.report.Logged;
import org.virtstartuppolicy.report.LoggedApply;
import org.virtstartuppolicy.report.LoggedDecision;
import org.virtstartuppolicy.report.LoggedDecisions;
import org.virtstartuppolicy.report.OutputFormat;
import org.virtstartuppolicy.report.Report;
import org.virtstartuppolicy.report.RotatedLogs;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Prints the logged decisions that match, oldest first: when, which guest, whether the start was"
                + " allowed or refused, why each disk was kept, ejected, removed or failed, and what the start then did;"
                + " and what apply wrote into a definition.",
                "Exit status: 0 some decision matches, 1 none does (said on standard error), 2 the log cannot be read"
                        + " or an option is wrong."})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--decision-log", paramLabel = "FILE",
            description = "The decision log (default: the config's decisionLog, where the hook and the service write;"
                    + " the hook calls the hook script spooled while no service answered are folded into it first).")
    private Path decisionLog;

    @Mixin
    private ConfigOption config;

    @Option(names = "--all", description = "Also the files logrotate made of the log, beside it: FILE.1, FILE.2.gz, …"
            + " (or FILE-DATE[.gz] with dateext), oldest first.")
    private boolean all;

    @Option(names = "--domain", paramLabel = "NAME", description = "Only this guest.")
    private String domain;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Only decisions since TIME: 2026-11-26T08:00:00Z, 2026-11-26T08:00 or 2026-11-26 (UTC),"
                    + " or an age such as 30m, 12h or 7d.")
    private Instant since;

    @Option(names = "--action", paramLabel = "ACTION", converter = ActionConverter.class,
            description = "Only decisions where a disk got this action: keep, eject, remove or fail.")
    private Action action;

    @Option(names = "--origin", paramLabel = "ORIGIN", converter = OriginConverter.class,
            description = "Only decisions that came from there: hook (libvirt's calls, in process), service (the decision"
                    + " service), evaluate (a manual run), or apply (the policies apply wrote).")
    private String origin;

    @Option(names = "--decision", paramLabel = "ID", description = "Only the decision of this id (as the text shows it"
            + " after 'decision', and the JSON's decisionId).")
    private String decision;

    @Option(names = "--last", paramLabel = "N", description = "Only the newest N of the decisions that match (and what"
            + " apply wrote), still oldest first.")
    private Integer last;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text; json: each entry as the log wrote it, one a line, with what the start then did as its"
                    + " 'then'; yaml: the same, a document each; or html: one self-contained page, a timeline per guest"
                    + " (default: ${DEFAULT-VALUE}).")
    private Shown output;

    @Spec
    private CommandSpec spec;

    /** How the decisions are shown. */
    enum Shown {
        TEXT, JSON, YAML, HTML
    }

    @Override
    public Integer call() {
        if (last != null && last < 1) {
            throw new ToolError("--last " + last + ": want a number of decisions, 1 or more");
        }
        Path log = decisionLog != null ? decisionLog : configuredLog();
        List<String> skipped = new ArrayList<>();
        List<Path> files = all ? RotatedLogs.of(log) : List.of(log);
        LoggedDecisions.Found found = new LoggedDecisions(domain, since, action, origin, decision).read(files, skipped);
        if (last != null) {
            found = found.last(last);
        }
        skipped.forEach(spec.commandLine().getErr()::println);
        List<Logged> entries = found.inOrder();
        String read = files.size() == 1 ? files.get(0).toString()
                : log + " and " + (files.size() - 1) + " rotated file" + (files.size() == 2 ? "" : "s");
        if (output == Shown.HTML) {
            spec.commandLine().getOut().print(Report.page(found, read, query().strip()));
        } else if (output == Shown.JSON || output == Shown.YAML) {
            spec.commandLine().getOut().print(Report.of(found, output == Shown.JSON ? OutputFormat.JSON : OutputFormat.YAML));
        } else {
            for (int i = 0; i < entries.size(); i++) {
                Logged entry = entries.get(i);
                spec.commandLine().getOut().print((i > 0 ? "\n" : "") + (entry instanceof LoggedDecision decision
                        ? LoggedDecisions.describe(decision, found.outcomes().get(decision.decisionId()))
                        : LoggedDecisions.describe((LoggedApply) entry)));
            }
        }
        spec.commandLine().getOut().flush();
        if (entries.isEmpty()) {
            spec.commandLine().getErr().println("virt-startup-policy: " + read + ": " + (found.logged() == 0
                    ? "no decision logged yet" : found.logged() == 1 ? "its one decision does not match" + query()
                    : "none of " + (files.size() == 1 ? "its " : "their ") + found.logged() + " decisions matches" + query()));
        }
        return entries.isEmpty() ? 1 : 0;
    }

    /**
     * The log the hook and the service write: the config's decisionLog, with what the hook script
     * spooled folded in first when this account may write it.
     */
    private Path configuredLog() {
        Path file = ConfigOption.locate(config);
        Config settings = ConfigReader.read(file);
        String log = settings.decisionLog();
        if (log == null) {
            throw new ToolError("no decision log: give --decision-log FILE, or set decisionLog in "
                    + (file == null ? "the config (" + ConfigReader.SYSTEM_CONFIG + ")" : file));
        }
        if (Files.isDirectory(settings.hookState().resolve("spool")) && Files.isWritable(Path.of(log))) {
            try (DecisionLog writable = DecisionLog.open(Path.of(log))) {
                new PendingStarts(settings.hookState()).foldSpool(writable, EvaluationLimits.of(settings).domainXmlBytes());
            } catch (ToolError e) {
                spec.commandLine().getErr().println("virt-startup-policy: spooled hook calls not folded in: " + e.getMessage());
            }
        }
        return Path.of(log);
    }

    private String query() {
        List<String> options = new ArrayList<>();
        if (domain != null) {
            options.add("--domain " + domain);
        }
        if (since != null) {
            options.add("--since " + since);
        }
        if (action != null) {
            options.add("--action " + action);
        }
        if (origin != null) {
            options.add("--origin " + origin);
        }
        if (decision != null) {
            options.add("--decision " + decision);
        }
        return options.isEmpty() ? "" : " " + String.join(" ", options);
    }

    /** The actions a disk can get, as the log writes them. */
    static final class ActionConverter implements ITypeConverter<Action> {
        @Override
        public Action convert(String value) {
            Action action = Action.ofLabel(value);
            if (action == null) {
                throw new TypeConversionException("'" + value + "' is not an action: " + String.join(", ",
                        Arrays.stream(Action.values()).map(Action::label).toList()).replaceFirst(", (\\w+)$", " or $1"));
            }
            return action;
        }
    }

    /** Where a decision came from, as the log's origin begins. */
    static final class OriginConverter implements ITypeConverter<String> {
        private static final List<String> ORIGINS = List.of("hook", "service", "evaluate", "apply");

        @Override
        public String convert(String value) {
            if (!ORIGINS.contains(value)) {
                throw new TypeConversionException("'" + value + "' is not an origin: hook, service, evaluate or apply");
            }
            return value;
        }
    }

    /** An instant, a date-time or a date taken as UTC, or an age counted back from now. */
    static final class TimeConverter implements ITypeConverter<Instant> {
        private static final Pattern AGE = Pattern.compile("(\\d+)([mhd])");

        @Override
        public Instant convert(String value) {
            Matcher age = AGE.matcher(value);
            if (age.matches()) {
                long amount = Long.parseLong(age.group(1));
                Duration duration = switch (age.group(2)) {
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
                return Instant.now().minus(duration);
            }
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notADateTime) {
                    try {
                        return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
                    } catch (DateTimeParseException notADate) {
                        throw new TypeConversionException("'" + value + "' is not a time (e.g. 2026-11-26T08:00:00Z,"
                                + " 2026-11-26 or 12h)");
                    }
                }
            }
        }
    }
}
