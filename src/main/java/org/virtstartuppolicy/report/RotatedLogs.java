package org.virtstartuppolicy.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.virtstartuppolicy.ToolError;

/**
 * A decision log with the files {@code logrotate} made of it, beside it in its folder: numbered
 * ({@code decisions.jsonl.1}, {@code decisions.jsonl.2.gz}, …, the shipped configuration) or
 * dated ({@code decisions.jsonl-20261203}, with {@code dateext}), compressed or not.
 */
public final class RotatedLogs {
    private RotatedLogs() {
    }

    /** The rotated files and then the log itself (when it exists), oldest first. */
    public static List<Path> of(Path log) {
        String name = log.getFileName().toString();
        Pattern numbered = Pattern.compile(Pattern.quote(name) + "\\.(\\d+)(\\.gz)?");
        Pattern dated = Pattern.compile(Pattern.quote(name) + "-(\\d{8,10})(\\.gz)?");
        Path folder = log.toAbsolutePath().getParent();
        List<Path> rotated = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(folder)) {
            siblings.filter(p -> numbered.matcher(p.getFileName().toString()).matches()
                    || dated.matcher(p.getFileName().toString()).matches()).forEach(rotated::add);
        } catch (IOException e) {
            throw new ToolError(folder + ": cannot list the decision log's folder: " + e.getMessage());
        }
        // a higher number is older; a date sorts as it reads; dated files before numbered ones
        rotated.sort(Comparator.comparing((Path p) -> numbered.matcher(p.getFileName().toString()).matches())
                .thenComparing(p -> order(numbered, dated, p.getFileName().toString())));
        List<Path> all = new ArrayList<>(rotated);
        if (Files.exists(log) || rotated.isEmpty()) {
            all.add(log); // a missing log alone is reported as missing by the reader
        }
        return all;
    }

    private static long order(Pattern numbered, Pattern dated, String name) {
        Matcher number = numbered.matcher(name);
        if (number.matches()) {
            return -Long.parseLong(number.group(1));
        }
        Matcher date = dated.matcher(name);
        return date.matches() ? Long.parseLong(date.group(1)) : 0;
    }
}
