package org.virtstartuppolicy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtstartuppolicy.report.LoggedDecisions;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Prints the logged decisions that match, oldest first: when, which guest, and why each disk"
                + " was kept, ejected, removed or failed.",
                "Exit status: 0 some decision matches, 1 none does, 2 the log cannot be read."})
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--decision-log", paramLabel = "FILE", required = true, description = "The decision log.")
    private Path decisionLog;

    @Option(names = "--domain", paramLabel = "NAME", description = "Only this guest.")
    private String domain;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeConverter.class,
            description = "Only decisions since TIME: 2026-11-26T08:00:00Z, 2026-11-26T08:00 or 2026-11-26 (UTC),"
                    + " or an age such as 30m, 12h or 7d.")
    private Instant since;

    @Option(names = "--action", paramLabel = "ACTION", description = "Only decisions where a disk got this action:"
            + " keep, eject, remove or fail.")
    private String action;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        List<String> skipped = new ArrayList<>();
        List<JsonNode> decisions = new LoggedDecisions(domain, since, action).read(decisionLog, skipped);
        skipped.forEach(spec.commandLine().getErr()::println);
        for (int i = 0; i < decisions.size(); i++) {
            spec.commandLine().getOut().print((i > 0 ? "\n" : "") + LoggedDecisions.describe(decisions.get(i)));
        }
        spec.commandLine().getOut().flush();
        return decisions.isEmpty() ? 1 : 0;
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
