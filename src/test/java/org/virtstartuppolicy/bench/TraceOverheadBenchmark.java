package org.virtstartuppolicy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.image.DiskInspector;
import org.virtstartuppolicy.image.QemuUser;

/**
 * What the rule trace costs: the same batch of domains (real images, four disks each: kept,
 * removed, ejected, empty) is evaluated (chains inspected, rules run, decision built) with and
 * without the trace, in alternating rounds after a warm-up, and the median times are printed. Run by src/test/bench/trace-overhead.sh.
 */
public final class TraceOverheadBenchmark {
    private TraceOverheadBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int domains = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path dir = Files.createTempDirectory("trace-overhead");
        try {
            DiskInspector inspector = TestDomains.inspector(QemuUser.current(), Map.of());
            Evaluation traced = Evaluation.of(Config.DEFAULTS, TestDomains.baselineRules(), inspector, true);
            Evaluation untraced = Evaluation.of(Config.DEFAULTS, TestDomains.baselineRules(), inspector, false);
            List<Domain> batch = new ArrayList<>();
            for (int i = 0; i < domains; i++) {
                batch.add(TestDomains.parse(guest(dir.resolve("guest" + i))));
            }
            run(traced, batch);
            run(untraced, batch);
            List<Long> withTimes = new ArrayList<>();
            List<Long> withoutTimes = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                withTimes.add(run(traced, batch));
                withoutTimes.add(run(untraced, batch));
            }
            long with = median(withTimes);
            long without = median(withoutTimes);
            System.out.printf("domains per batch:        %d (4 disks each), %d rounds, median%n", domains, rounds);
            System.out.printf("evaluation without trace: %.1f ms (%.3f ms per domain)%n", without / 1e6,
                    without / 1e6 / domains);
            System.out.printf("evaluation with trace:    %.1f ms (%.3f ms per domain)%n", with / 1e6,
                    with / 1e6 / domains);
            System.out.printf("trace overhead:           %.1f%%%n", 100.0 * (with - without) / without);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Nanoseconds to evaluate every domain of the batch. */
    private static long run(Evaluation evaluator, List<Domain> batch) {
        long start = System.nanoTime();
        for (Domain domain : batch) {
            Decision decision = evaluator.decide(domain, StartContext.COLD_BOOT);
            if (!decision.mayStart()) {
                throw new IllegalStateException("the batch's guests should all start");
            }
        }
        return System.nanoTime() - start;
    }

    private static long median(List<Long> times) {
        List<Long> sorted = times.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** A guest whose four disks are kept, removed, ejected, and an empty floppy drive. */
    private static String guest(Path dir) throws IOException {
        Path present = TestImages.raw(dir.resolve("system.raw"));
        Path overlay = TestImages.qcow2(dir.resolve("scratch.qcow2"), "gone.qcow2", "qcow2");
        return TestDomains.domain(
                TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                TestDomains.disk("file", "disk", "qcow2", overlay.toString(), "optional", "vdb"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("install.iso").toString(), "optional", "sda"),
                TestDomains.disk("file", "floppy", "raw", null, null, "fda"));
    }
}
