package org.virtstartuppolicy.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every case of {@link ConformanceCases} against the real libvirt daemon: one dynamic test each,
 * failing with what libvirt did (want) and what the tool decided (got).
 */
@Tag("libvirt")
@Order(1)
@ExtendWith(ConformanceHost.Extension.class)
class LibvirtConformanceTest {
    /**
     * Cases run three at a time. Most of a case is waiting, not computing: here init reaps an
     * exited QEMU only every second or two, and libvirt waits for that before a destroy or a
     * save returns.
     */
    private static final int AT_ONCE = 3;
    /** -Dconformance.cases=REGEX runs only the cases whose name matches. */
    private static final String ONLY = System.getProperty("conformance.cases", ".*");
    private static final Path TABLE = Path.of("target", "conformance", "table.txt");

    private static final List<Future<CaseResult>> results = new ArrayList<>();
    private static ExecutorService workers;
    private static long started;

    @TestFactory
    Stream<DynamicTest> everyCaseAgreesWithLibvirt(ConformanceHost host) {
        CaseRunner runner = new CaseRunner(host);
        workers = Executors.newFixedThreadPool(AT_ONCE, task -> {
            Thread thread = new Thread(task, "conformance case");
            thread.setDaemon(true); // an interrupted run must not wait for the cases still running
            return thread;
        });
        started = System.nanoTime();
        return ConformanceCases.all().stream().filter(conformanceCase -> conformanceCase.name().matches(ONLY))
                .map(conformanceCase -> {
            Future<CaseResult> result = workers.submit(() -> runner.run(conformanceCase));
            results.add(result);
            return DynamicTest.dynamicTest(conformanceCase.name(), () -> {
                CaseResult done = result.get();
                if (!done.agrees()) {
                    fail(conformanceCase.name() + ": libvirt and the tool disagree\n"
                            + String.join("\n", done.differences().stream().map(ConformanceTable::indented).toList()));
                }
            });
        }).toList().stream(); // toList: every case is submitted now, not as JUnit reaches its test
    }

    @AfterAll
    static void printTheTable() throws IOException, InterruptedException, ExecutionException {
        if (workers == null) {
            return;
        }
        List<CaseResult> done = new ArrayList<>();
        for (Future<CaseResult> result : results) {
            done.add(result.get());
            LibvirtAlone.record(result.get());
        }
        workers.shutdown();
        ConformanceTable.print(ConformanceTable.of(done, Duration.ofNanos(System.nanoTime() - started)), TABLE);
    }
}
