package org.virtstartuppolicy.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainXmlReader;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.image.QemuUser;
import org.virtstartuppolicy.report.OutputFormat;
import org.virtstartuppolicy.report.Report;

/**
 * The two ways a run could get the baseline rules compiled at build time, each loaded in a fresh
 * JVM (src/test/bench/rule-loading.sh): Drools' executable model, as the tool ships it, and the
 * compiled packages as Drools serialises them (what the tool shipped before, and what its rule
 * cache keeps for site rules).
 *
 * <ul>
 * <li>{@code serialize FILE}: compiles the packaged baseline from its DRL, saves the packages
 *     into FILE and prints how long compiling took;</li>
 * <li>{@code generate FOLDER}: generates and compiles the baseline's executable model in FOLDER
 *     and prints how long that took (what a run would pay to give site rules a model; needs
 *     drools-model-codegen, which only the build has, on the class path);</li>
 * <li>{@code model GUEST} or {@code serialized FILE GUEST}: gets the rules that way, evaluates
 *     GUEST with them, prints the decision as JSON on standard output and, on standard error,
 *     {@code rules MS evaluate MS}.</li>
 * </ul>
 */
public final class RuleLoadingBenchmark {
    private RuleLoadingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "serialize" -> serialize(Path.of(args[1]));
            case "generate" -> generate(Path.of(args[1]));
            case "model" -> evaluate(null, Path.of(args[1]));
            case "serialized" -> evaluate(Path.of(args[1]), Path.of(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void serialize(Path file) throws IOException {
        long start = System.nanoTime();
        PolicyRules rules = PolicyRules.compile(RuleFiles.baseline());
        long compiled = System.nanoTime();
        Files.write(file, CompiledRules.save(rules));
        System.out.printf("%.0f%n", (compiled - start) / 1e6);
    }

    private static void generate(Path folder) throws IOException {
        long start = System.nanoTime();
        ModelGenerator.generate(RuleFiles.baseline(), folder.resolve("sources"), folder.resolve("classes"),
                String.valueOf(Runtime.version().feature()));
        System.out.printf("%.0f%n", (System.nanoTime() - start) / 1e6);
    }

    /** @param serialized the saved packages, or null to get the rules as a baseline-only run does (the model) */
    private static void evaluate(Path serialized, Path guest) throws IOException {
        long start = System.nanoTime();
        List<RuleFile> baseline = RuleFiles.baseline();
        PolicyRules rules;
        if (serialized == null) {
            RuleCache cache = new RuleCache(null, System.err::println);
            rules = cache.rulesFor(baseline);
            if (cache.compilations() != 0) {
                throw new IllegalStateException("the baseline was compiled, not built from the packaged model");
            }
        } else {
            rules = CompiledRules.load(new ByteArrayInputStream(Files.readAllBytes(serialized)), baseline);
        }
        long loaded = System.nanoTime();
        QemuUser me = QemuUser.current();
        Domain domain = new DomainXmlReader().read(new ByteArrayInputStream(Files.readAllBytes(guest)), guest.toString());
        Decision decision = Evaluation.of(Config.DEFAULTS, rules, null, new HostSelection(null, me.uid() + ":" + me.gid()), null)
                .decide(domain, StartContext.COLD_BOOT);
        long evaluated = System.nanoTime();
        System.out.print(Report.of(decision, OutputFormat.JSON, true, false));
        System.err.printf("rules %.1f evaluate %.1f%n", (loaded - start) / 1e6, (evaluated - loaded) / 1e6);
    }
}
