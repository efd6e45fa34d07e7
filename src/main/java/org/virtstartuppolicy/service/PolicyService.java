package org.virtstartuppolicy.service;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.config.ConfigReader;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.EvaluationLimits;
import org.virtstartuppolicy.evaluation.HostInspection;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.hook.HookCall;
import org.virtstartuppolicy.hook.PendingStarts;
import org.virtstartuppolicy.hook.StartNotes;
import org.virtstartuppolicy.report.DecisionLog;
import org.virtstartuppolicy.rules.PolicyRules;
import org.virtstartuppolicy.rules.RuleCache;
import org.virtstartuppolicy.rules.RuleFile;
import org.virtstartuppolicy.rules.RuleFiles;

/**
 * The resident policy: the config and the compiled rules, kept in memory and brought up to date
 * before each decision. Before a decision it stamps the config and every rule file in force
 * (size, times, identity); only when a stamp changed does it read them, and only when the rules'
 * digest changed does it compile. Rules that do not compile (or a config that cannot be read)
 * are reported and the last good ones keep serving; each decision is logged with the digest of
 * the rules that actually made it.
 *
 * <p>Decisions run concurrently: each takes the policy in force as it starts (an immutable
 * {@link Policy}) and a fresh rule session, as {@code evaluate} does. The host (QEMU's account,
 * the storage pools) is read for each decision, as a hook call in its own process would.
 */
public final class PolicyService implements AutoCloseable {
    /**
     * The policy in force: the config as read, the rule files, their compiled rules, and the
     * baseline's alone (libvirt's own decision, which a hook at {@code prepare} compares with).
     */
    public record Policy(Config config, List<RuleFile> files, PolicyRules rules, PolicyRules baseline, Instant loadedAt) {
        static Policy compiled(Config config, List<RuleFile> files) {
            PolicyRules rules = PolicyRules.compile(files);
            List<RuleFile> baseline = Evaluation.baselineFiles(config);
            return new Policy(config, files, rules, files.equals(baseline) ? rules
                    : new RuleCache(null, why -> { }).rulesFor(baseline), Instant.now());
        }
    }

    /** Why the files as they are now are not in force. */
    public record Failure(List<String> problems, Instant at) {
    }

    private final Path configFile;
    private final HostSelection host;
    private final Instant started = Instant.now();
    private final AtomicLong decisions = new AtomicLong();
    private final Map<Path, DecisionLog> logs = new HashMap<>();
    private final ServiceMetrics metrics = new ServiceMetrics(() -> this.failure != null);

    private volatile Policy policy;
    private volatile Failure failure;
    private RuleSources stamps;
    private List<Path> watched;

    /**
     * Reads the config and compiles the rules; a config or rules that do not load stop the start.
     *
     * @param configFile the config, or null for the built-in defaults
     * @param host       the host whose files are inspected, and as whom
     */
    public PolicyService(Path configFile, HostSelection host) {
        this.configFile = configFile;
        this.host = host;
        Config config = ConfigReader.read(configFile);
        watched = watchedPaths(config);
        stamps = RuleSources.of(watched);
        List<RuleFile> files = RuleFiles.inForce(config.baselineRules(), config.siteRules());
        openLog(config);
        policy = Policy.compiled(config, files);
        metrics.compiled(policy.rules().digest());
        HostInspection.of(config, host); // QEMU's account and the pools can be read: fail now, not per decision
        ServiceLog.event("rules in force: " + policy.rules().digest() + " (" + files.size() + " files)");
    }

    public Path configFile() {
        return configFile;
    }

    public Policy policy() {
        return policy;
    }

    /** Why the files on disk are not in force, or null when they are. */
    public Failure failure() {
        return failure;
    }

    public Instant started() {
        return started;
    }

    public long decisions() {
        return decisions.get();
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    /**
     * Why the service is not ready, or an empty list when it is: ready means it decides with the
     * config and rules as they are on disk (brought up to date first), and the decision log can
     * be written.
     */
    public List<String> unready() {
        Policy now = current();
        List<String> why = new ArrayList<>();
        Failure failed = failure;
        if (failed != null) {
            why.add("the config or rules on disk do not load (the last good ones, " + now.rules().digest()
                    + ", still decide): " + String.join("; ", failed.problems()));
        }
        DecisionLog log = logOf(now.config());
        String unwritable = log == null ? null : log.unwritable();
        if (unwritable != null) {
            why.add(unwritable);
        }
        return why;
    }

    /**
     * The policy to decide with: the one in force, first reloaded when its files changed on disk.
     * One caller reloads at a time; the others wait for it, so that every decision after an edit
     * uses it.
     */
    public synchronized Policy current() {
        RuleSources now = RuleSources.of(watched);
        if (now.equals(stamps)) {
            return policy;
        }
        stamps = now;
        try {
            Config config = ConfigReader.read(configFile);
            List<Path> paths = watchedPaths(config);
            if (!paths.equals(watched)) {
                watched = paths;
                stamps = RuleSources.of(watched);
            }
            List<RuleFile> files = RuleFiles.inForce(config.baselineRules(), config.siteRules());
            String digest = PolicyRules.digestOf(files);
            openLog(config);
            Policy previous = policy;
            if (digest.equals(previous.rules().digest())) {
                if (!config.equals(previous.config()) || !files.equals(previous.files())) {
                    policy = new Policy(config, files, previous.rules(), previous.baseline(), Instant.now());
                    ServiceLog.event("config reloaded; rules unchanged: " + digest);
                }
            } else {
                long start = System.nanoTime();
                policy = Policy.compiled(config, files);
                metrics.compiled(digest);
                ServiceLog.event("rules reloaded: " + previous.rules().digest() + " -> " + digest + " ("
                        + (System.nanoTime() - start) / 1_000_000 + " ms to compile)");
            }
            failure = null;
        } catch (ToolError e) {
            failure = new Failure(e.problems(), Instant.now());
            metrics.reloadFailed();
            e.problems().forEach(problem -> ServiceLog.event("not reloaded, still serving " + policy.rules().digest()
                    + ": " + problem));
        }
        return policy;
    }

    /** The config file and every rule file or folder it puts in force (the baseline in the jar never changes). */
    private List<Path> watchedPaths(Config config) {
        List<Path> paths = new ArrayList<>();
        if (configFile != null) {
            paths.add(configFile);
        }
        if (config.baselineRules() != null) {
            paths.add(config.baselineRules());
        }
        paths.addAll(config.siteRules());
        return paths;
    }

    /** Opens the config's decision log once; a log that cannot be written is an error, as in every command. */
    private synchronized void openLog(Config config) {
        if (config.decisionLog() != null) {
            logs.computeIfAbsent(Path.of(config.decisionLog()), DecisionLog::open);
        }
    }

    /**
     * Decides a domain with a policy, and logs it with that policy's digest.
     *
     * @param origin      which request asked; the log says it came from the service
     * @param contextFrom how the context was told
     */
    public Decision decide(Policy in, Domain domain, StartContext context, String origin, String contextFrom) {
        return evaluation(in).decide(domain, context, origin, contextFrom);
    }

    /** An evaluation with the policy's rules and the service's decision log, on the host as it is now. */
    private Evaluation evaluation(Policy in) {
        return Evaluation.of(in.config(), in.rules(), in.baseline(), host, logOf(in.config()))
                .through("service", (decision, origin) -> {
                    decisions.incrementAndGet();
                    metrics.decided(decision, origin);
                });
    }

    private synchronized DecisionLog logOf(Config config) {
        return config.decisionLog() == null ? null : logs.get(Path.of(config.decisionLog()));
    }

    /**
     * A libvirt hook call, decided exactly as {@code hook} decides it, with one policy throughout;
     * the calls the hook script spooled while no service answered are folded in first.
     */
    public HookCall.Outcome hook(Policy in, String guest, String operation, DomainSource source) {
        PendingStarts pending = pending(in);
        return HookCall.decide(guest, operation, source.domain(), source, evaluation(in),
                new StartNotes(in.config().hookState()), pending);
    }

    /** A later hook call ({@code started begin}, {@code release end}) completing a start's decision with its outcome. */
    public void outcome(Policy in, String operation, DomainSource source) {
        try {
            pending(in).complete(operation, source.domain(), logOf(in.config()));
        } catch (ToolError e) {
            // the start is under way whatever happens here: said, never refused
            ServiceLog.event("the start's outcome is not logged: " + e.getMessage());
        }
    }

    private PendingStarts pending(Policy in) {
        PendingStarts pending = new PendingStarts(in.config().hookState());
        pending.foldSpool(logOf(in.config()), EvaluationLimits.of(in.config()).domainXmlBytes());
        return pending;
    }

    @Override
    public synchronized void close() {
        logs.values().forEach(DecisionLog::close);
        logs.clear();
    }

    @Override
    public String toString() {
        return "policy " + Objects.requireNonNull(policy).rules().digest();
    }
}
