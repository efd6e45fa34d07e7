package org.virtstartuppolicy.evaluation;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.facts.Site;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.image.Assumptions;
import org.virtstartuppolicy.image.DiskInspector;
import org.virtstartuppolicy.report.DecisionLog;
import org.virtstartuppolicy.rules.PolicyRules;
import org.virtstartuppolicy.rules.RuleCache;
import org.virtstartuppolicy.rules.RuleFile;
import org.virtstartuppolicy.rules.RuleFiles;
import org.virtstartuppolicy.usb.UsbInventory;

/**
 * The one way a domain becomes a logged decision, whichever door it came through ({@code evaluate},
 * the hook, the service, {@code test}): the settings, the host as inspected, the rules (compiled
 * or loaded once, for any number of domains), the limits and the decision log. Threads may
 * evaluate domains at once; logging is one line at a time.
 */
public final class Evaluation implements AutoCloseable {
    /** Told of every decision as it is made, with the origin it is logged with. */
    @FunctionalInterface
    public interface Listener {
        void decided(Decision decision, String origin);

        Listener NONE = (decision, origin) -> { };
    }

    private final Config config;
    private final PolicyRules rules;
    private final DomainEvaluator evaluator;
    /** The baseline rules alone, loaded when first needed. */
    private final Supplier<PolicyRules> baseline;
    /** libvirt's own decision from a definition: the baseline alone; this evaluation's when no site rule is in force. */
    private final Supplier<DomainEvaluator> libvirt;
    private final DiskInspector inspector;
    private final Supplier<UsbInventory> usb;
    private final EvaluationLimits limits;
    private final DecisionLog log;
    private final boolean ownsLog;
    /** What the decision log says it came through before its origin ({@code service: }), or empty. */
    private final String door;
    private final Listener listener;

    /** @param baseline the baseline rules alone, or null to load them when first needed */
    private Evaluation(Config config, PolicyRules rules, PolicyRules baseline, DiskInspector inspector,
                       Supplier<UsbInventory> usb, DecisionLog log, boolean ownsLog, boolean trace) {
        this.config = config;
        this.rules = rules;
        this.inspector = inspector;
        this.usb = usb;
        this.limits = EvaluationLimits.of(config);
        this.evaluator = new DomainEvaluator(rules, inspector, usb, new Site(config.site()), trace, limits);
        this.baseline = baseline != null ? () -> baseline
                : memoized(() -> new RuleCache(config.ruleCache(), why -> { }).rulesFor(baselineFiles(config)));
        this.libvirt = libvirt(trace);
        this.log = log;
        this.ownsLog = ownsLog;
        this.door = "";
        this.listener = Listener.NONE;
    }

    private Evaluation(Evaluation same, String door, Listener listener) {
        this.config = same.config;
        this.rules = same.rules;
        this.inspector = same.inspector;
        this.usb = same.usb;
        this.limits = same.limits;
        this.evaluator = same.evaluator;
        this.baseline = same.baseline;
        this.libvirt = same.libvirt;
        this.log = same.log;
        this.ownsLog = false;
        this.door = door + ": ";
        this.listener = listener;
    }

    /** The same evaluation on the host as it would be with these files gone or there; it logs nothing. */
    private Evaluation(Evaluation same, Assumptions assumptions) {
        this.config = same.config;
        this.rules = same.rules;
        this.inspector = same.inspector.assuming(assumptions);
        this.usb = same.usb;
        this.limits = same.limits;
        this.evaluator = new DomainEvaluator(rules, inspector, usb, new Site(config.site()), true, limits);
        this.baseline = same.baseline;
        this.libvirt = libvirt(true);
        this.log = null;
        this.ownsLog = false;
        this.door = same.door;
        this.listener = same.listener;
    }

    /**
     * What-if: this evaluation on the host as it would be with the assumed files gone or there,
     * without touching them; the same rules and the same reading of the host, so a prediction is
     * decided exactly as a start once the files really go. It logs nothing.
     */
    public Evaluation assuming(Assumptions assumptions) {
        return assumptions.isEmpty() ? this : new Evaluation(this, assumptions);
    }

    /**
     * A run of the command line or the hook: the host is read first (QEMU's account, the pools),
     * then the decision log is opened, so that a mistake in either is told before seconds of
     * compiling; then the rules are loaded as compiled before, or compiled and cached.
     *
     * @param logFile  the decision log to append to, or null for none
     * @param warnings told, in one line, why the rule cache cannot be used
     */
    public static Evaluation open(Config config, List<RuleFile> ruleFiles, HostSelection host, Path logFile,
                                  Consumer<String> warnings) {
        DiskInspector inspector = HostInspection.of(config, host);
        DecisionLog log = logFile == null ? null : DecisionLog.open(logFile);
        try {
            PolicyRules rules = new RuleCache(config.ruleCache(), warnings).rulesFor(ruleFiles);
            return new Evaluation(config, rules, null, inspector, HostInspection.usb(host), log, true, true);
        } catch (RuntimeException e) {
            if (log != null) {
                log.close();
            }
            throw e;
        }
    }

    /**
     * With rules already loaded and a decision log kept open by the caller (the service, which
     * keeps both across decisions; the scenario runner), on a host read now.
     *
     * @param baseline the baseline rules alone (for {@link #decideAsLibvirt}), or null to load them when needed
     * @param log      the decision log, or null for none; not closed with the evaluation
     */
    public static Evaluation of(Config config, PolicyRules rules, PolicyRules baseline, HostSelection host,
                                DecisionLog log) {
        return new Evaluation(config, rules, baseline, HostInspection.of(config, host), HostInspection.usb(host), log, false,
                true);
    }

    /**
     * With a host inspected in another way (an in-memory host in tests, the benchmarks), nothing
     * logged; its USB devices are this machine's.
     */
    public static Evaluation of(Config config, PolicyRules rules, DiskInspector inspector, boolean trace) {
        return new Evaluation(config, rules, null, inspector, HostInspection.usb(HostSelection.THIS_MACHINE), null, false,
                trace);
    }

    /** libvirt's own decision on this evaluation's host: this evaluation's when no site rule is in force. */
    private Supplier<DomainEvaluator> libvirt(boolean trace) {
        return !hasSiteRules() ? () -> evaluator
                : memoized(() -> new DomainEvaluator(baseline.get(), inspector, usb, new Site(config.site()), trace, limits));
    }

    /** The baseline's rule files as the config puts them in force, without any site rule. */
    public static List<RuleFile> baselineFiles(Config config) {
        return RuleFiles.inForce(config.baselineRules(), List.of());
    }

    private static <T> Supplier<T> memoized(Supplier<T> make) {
        return new Supplier<>() {
            private T made;

            @Override
            public synchronized T get() {
                if (made == null) {
                    made = make.get();
                }
                return made;
            }
        };
    }

    /**
     * This evaluation as a door other than the command line uses it: every logged origin and
     * context says it came through {@code door} ({@code service: hook prepare begin}), and the
     * listener is told of each decision.
     */
    public Evaluation through(String door, Listener listener) {
        return new Evaluation(this, door, listener);
    }

    /** How much of a domain is taken on: the config's {@code limits}. */
    public EvaluationLimits limits() {
        return limits;
    }

    public Config config() {
        return config;
    }

    /** The decision log this evaluation appends to, or null for none. */
    public DecisionLog decisionLog() {
        return log;
    }

    public PolicyRules rules() {
        return rules;
    }

    public DiskInspector inspector() {
        return inspector;
    }

    /** Whether site rules are in force, beyond libvirt's own behaviour (the baseline). */
    public boolean hasSiteRules() {
        return !rules.files().equals(baselineFiles(config));
    }

    /**
     * What libvirt itself decides from this definition, without the site's rules: what happens on
     * a start whose definition libvirt takes as it is (a cold boot, a snapshot revert).
     */
    public Decision decideAsLibvirt(Domain domain, StartContext context) {
        return libvirt.get().evaluate(domain, context);
    }

    /** The domain's decision for this start, not logged. */
    public Decision decide(Domain domain, StartContext context) {
        return evaluator.evaluate(domain, context);
    }

    /**
     * The decision, logged.
     *
     * @param origin      who asked ({@code evaluate}, {@code hook prepare begin}, …)
     * @param contextFrom how the start context was told
     */
    public Decision decide(Domain domain, StartContext context, String origin, String contextFrom) {
        Decision decision = decide(domain, context);
        log(decision, origin, contextFrom);
        return decision;
    }

    /** Appends a decision to the decision log, if there is one, answered as its verdict says. */
    public String log(Decision decision, String origin, String contextFrom) {
        return log(decision, origin, contextFrom, decision.mayStart(), null);
    }

    /**
     * Appends a decision to the decision log, if there is one.
     *
     * @param allowed whether the start was let go on (the hook may refuse a start the site allows)
     * @param because why the answer is not the verdict's, or null
     * @return the decision's id in the log, or null when there is no log
     */
    public String log(Decision decision, String origin, String contextFrom, boolean allowed, String because) {
        String id = log == null ? null : log.append(decision, rules.digest(), door + origin, door + contextFrom, allowed,
                because);
        listener.decided(decision, door + origin);
        return id;
    }

    @Override
    public void close() {
        if (ownsLog && log != null) {
            log.close();
        }
    }
}
