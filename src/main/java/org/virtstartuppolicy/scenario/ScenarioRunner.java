package org.virtstartuppolicy.scenario;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainXmlReader;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.image.QemuUser;
import org.virtstartuppolicy.rules.PolicyRules;
import org.virtstartuppolicy.rules.RuleFile;
import org.virtstartuppolicy.rules.RuleFiles;
import org.virtstartuppolicy.rules.RuleId;

/**
 * Runs scenarios for real: each writes its host files under a fresh root, and the real inspector
 * and the real rules decide, with every absolute path looked up under that root.
 */
public final class ScenarioRunner {
    private final List<RuleFile> common;
    private final Function<List<RuleFile>, PolicyRules> compiler;
    private final Map<List<Path>, PolicyRules> compiled = new LinkedHashMap<>();

    /** @param common the rules every scenario runs with: the baseline and any site rules given */
    public ScenarioRunner(List<RuleFile> common) {
        this(common, PolicyRules::compile);
    }

    /**
     * @param compiler how the rule files in force become rules (compiled, or loaded as compiled
     *                 earlier), once per set of files
     */
    public ScenarioRunner(List<RuleFile> common, Function<List<RuleFile>, PolicyRules> compiler) {
        this.common = List.copyOf(common);
        this.compiler = compiler;
    }

    /** Every rule in force in the scenarios run so far. */
    public List<RuleId> rulesInForce() {
        TreeSet<RuleId> all = new TreeSet<>(Comparator.comparing(RuleId::file).thenComparing(RuleId::rule));
        compiled.values().forEach(rules -> all.addAll(rules.rules()));
        return List.copyOf(all);
    }

    public ScenarioResult run(ScenarioCase scenarioCase) {
        long start = System.nanoTime();
        List<String> failures;
        List<RuleId> fired;
        try {
            Decision decision = decide(scenarioCase, d -> d);
            failures = Expectations.unmet(scenarioCase.scenario().expect(), decision);
            fired = decision.firedRules();
        } catch (EvaluationFailed e) {
            failures = List.of("evaluation: want a decision, got an error: " + e.getCause().getMessage());
            fired = List.of();
        }
        return new ScenarioResult(scenarioCase, failures, fired, (System.nanoTime() - start) / 1_000_000);
    }

    /** A scenario whose evaluation ended in an error rather than a decision. */
    public static final class EvaluationFailed extends RuntimeException {
        EvaluationFailed(ToolError cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Evaluates the scenario on its host files, made real under a fresh root, and reads what is
     * wanted of the decision while the files are still there.
     *
     * @throws EvaluationFailed when the evaluation ends in an error rather than a decision
     */
    public <T> T decide(ScenarioCase scenarioCase, Function<Decision, T> reader) {
        PolicyRules rules;
        try {
            rules = rulesFor(scenarioCase);
        } catch (ToolError e) {
            // rules that do not compile (or are not there) make the run invalid, not the scenario failed
            throw new ToolError(scenarioCase.location() + ": " + e.getMessage(), e);
        }
        Path root = null;
        try {
            root = host(scenarioCase);
            Decision decision;
            try {
                decision = decide(scenarioCase, root, rules);
            } catch (ToolError e) {
                throw new EvaluationFailed(e);
            }
            return reader.apply(decision);
        } catch (IOException e) {
            throw new ToolError(scenarioCase.location() + ": cannot make its files: " + e.getMessage());
        } finally {
            delete(root);
        }
    }

    /** The scenario's host made real under a fresh root: its files, libvirt's pool files, its USB devices. */
    static Path host(ScenarioCase scenarioCase) throws IOException {
        Path root = Files.createTempDirectory("virt-startup-policy-scenario");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        writeHost(scenarioCase, root);
        return root;
    }

    /** Writes the scenario's host under an existing, empty root: its files, libvirt's pool files, its USB devices. */
    public static void writeHost(ScenarioCase scenarioCase, Path root) throws IOException {
        Scenario scenario = scenarioCase.scenario();
        HostFiles.write(root, scenario.files() == null ? Map.of() : scenario.files(), scenarioCase.location());
        HostFiles.writePools(root, scenario.pools() == null ? Map.of() : scenario.pools());
        HostFiles.writeUsb(root, scenario.usb());
    }

    /** The scenario's domain decided on its host, by the same evaluation {@code evaluate} builds. */
    Decision decide(ScenarioCase scenarioCase, Path root) throws IOException {
        return decide(scenarioCase, root, rulesFor(scenarioCase));
    }

    private static Decision decide(ScenarioCase scenarioCase, Path root, PolicyRules rules) throws IOException {
        Scenario scenario = scenarioCase.scenario();
        StartContext context = scenario.context() == null ? StartContext.COLD_BOOT : StartContext.ofLabel(scenario.context());
        return Evaluation.of(scenario.config(), rules, null, new HostSelection(root, asUser(scenario)), null)
                .decide(domain(scenarioCase), context);
    }

    /** QEMU's account for the scenario: as it says, else the user running the tests. */
    public static String asUser(Scenario scenario) {
        QemuUser me = QemuUser.current();
        return scenario.asUser() != null ? scenario.asUser() : me.uid() + ":" + me.gid();
    }

    /** The site rule files the scenario adds, resolved against its own folder. */
    public static List<Path> extraRules(ScenarioCase scenarioCase) {
        List<Path> extra = new ArrayList<>();
        for (String rule : scenarioCase.scenario().rules() == null ? List.<String>of() : scenarioCase.scenario().rules()) {
            Path folder = scenarioCase.file().getParent();
            extra.add((folder == null ? Path.of(rule) : folder.resolve(rule)).normalize());
        }
        return extra;
    }

    /**
     * The common rules and the scenario's own, each file once: a scenario may name a site file the
     * config (or {@code --rules}) already loads, as a scenario written to run alone does.
     */
    private PolicyRules rulesFor(ScenarioCase scenarioCase) {
        List<Path> extra = extraRules(scenarioCase);
        PolicyRules known = compiled.get(extra);
        if (known != null) {
            return known;
        }
        List<RuleFile> files = new ArrayList<>(common);
        for (Path path : extra) {
            RuleFiles.load(path).stream().filter(file -> common.stream().noneMatch(c -> sameFile(c, file)))
                    .forEach(files::add);
        }
        PolicyRules rules = compiler.apply(files);
        compiled.put(extra, rules);
        return rules;
    }

    /** The same file on disk, with the same text, however its path is written. */
    private static boolean sameFile(RuleFile one, RuleFile other) {
        if (!one.text().equals(other.text())) {
            return false;
        }
        try {
            return one.origin().equals(other.origin()) || Files.isSameFile(Path.of(one.origin()), Path.of(other.origin()));
        } catch (IOException | java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static Domain domain(ScenarioCase scenarioCase) throws IOException {
        Scenario scenario = scenarioCase.scenario();
        DomainXmlReader reader = new DomainXmlReader();
        if (scenario.domain() != null) {
            InputStream xml = new ByteArrayInputStream(scenario.domain().getBytes(StandardCharsets.UTF_8));
            return reader.read(xml, scenarioCase.location() + " (domain)");
        }
        Path folder = scenarioCase.file().getParent();
        Path file = folder == null ? Path.of(scenario.domainFile()) : folder.resolve(scenario.domainFile());
        if (!Files.isRegularFile(file)) {
            throw new ToolError(scenarioCase.location() + ": domainFile " + file + " does not exist");
        }
        try (InputStream xml = Files.newInputStream(file)) {
            return reader.read(xml, file.toString());
        }
    }

    private static void delete(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is not worth failing a run for
        }
    }
}
