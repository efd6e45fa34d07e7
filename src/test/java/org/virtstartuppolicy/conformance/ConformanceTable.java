package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The table of every case (what libvirt did, what the tool decided, whether they agree), then
 * each disagreement in full, the deliberate differences, and the closing line
 * {@code N passed, M failed}.
 */
final class ConformanceTable {
    private ConformanceTable() {
    }

    static String of(List<CaseResult> results, Duration took) {
        int width = results.stream().mapToInt(result -> result.conformanceCase().name().length()).max().orElse(4) + 2;
        String format = "%-" + width + "s%-40s%-40s%s%n";
        StringBuilder table = new StringBuilder(String.format(format, "CASE", "LIBVIRT", "TOOL", "AGREE"));
        for (CaseResult result : results) {
            String target = result.conformanceCase().device().target;
            table.append(String.format(format, result.conformanceCase().name(),
                    result.libvirt() == null ? "-" : result.libvirt().summary(target),
                    result.tool() == null ? "-" : result.tool().summary(target),
                    result.agrees() ? "yes" : "NO"));
        }
        List<CaseResult> failed = results.stream().filter(result -> !result.agrees()).toList();
        if (!failed.isEmpty()) {
            table.append("\ndisagreements:\n");
            failed.forEach(result -> {
                table.append(result.conformanceCase().name()).append('\n');
                result.differences().forEach(difference -> table.append(indented(difference)).append('\n'));
            });
        }
        List<String> refusedByQemu = results.stream().filter(CaseResult::refusedByQemu)
                .map(result -> result.conformanceCase().name()).toList();
        if (!refusedByQemu.isEmpty()) {
            table.append("\ndeliberate differences: QEMU refused the device after libvirt's checks passed"
                    + " (scsi-block needs SG_IO, which a loop device lacks), compared up to libvirt's decision: ")
                    .append(String.join(", ", refusedByQemu)).append('\n');
        }
        table.append(String.format("%n%d cases in %d s%n", results.size(), took.toSeconds()));
        table.append(results.size() - failed.size()).append(" passed, ").append(failed.size()).append(" failed\n");
        return table.toString();
    }

    /** A difference under its case; a message QEMU wrote over several lines stays under it. */
    static String indented(String difference) {
        return "  " + difference.replace("\n", "\n    ");
    }

    static void print(String table, Path file) throws IOException {
        System.out.print(table);
        Files.createDirectories(file.getParent());
        Files.writeString(file, table);
    }
}
