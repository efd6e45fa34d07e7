package org.virtstartuppolicy.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.config.HostInspection;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DomainEvaluator;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainXmlReader;
import org.virtstartuppolicy.image.ChainInspector;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.report.DecisionLog;
import org.virtstartuppolicy.rules.PolicyRules;
import org.virtstartuppolicy.rules.RuleCache;
import org.virtstartuppolicy.rules.RuleFile;

/**
 * What evaluate and the libvirt hook share: the decision log, opened first so that one that
 * cannot be written stops everything before a decision; the rules, compiled (or loaded) once for
 * any number of domains; and the evaluation of one domain, logged.
 */
final class PolicyRun implements AutoCloseable {
    private final DecisionLog log;
    private final PolicyRules rules;
    private final DomainEvaluator evaluator;

    private PolicyRun(DecisionLog log, PolicyRules rules, DomainEvaluator evaluator) {
        this.log = log;
        this.rules = rules;
        this.evaluator = evaluator;
    }

    /**
     * QEMU's account and the host's pools are read before the rules are compiled, so that a
     * mistake there is told at once, not after seconds of compiling.
     *
     * @param logFile the decision log, or null for the config's (which may be none)
     * @param err     where a rule cache that cannot be used is told (one line)
     */
    static PolicyRun start(Config settings, List<RuleFile> ruleFiles, HostOptions host, Path logFile, PrintWriter err) {
        ChainInspector inspector = host.inspector(settings);
        Path file = logFile != null ? logFile : settings.decisionLog() == null ? null : Path.of(settings.decisionLog());
        DecisionLog log = file == null ? null : DecisionLog.open(file);
        try {
            PolicyRules rules = new RuleCache(settings.ruleCache(), why -> err.println("virt-startup-policy: " + why))
                    .rulesFor(ruleFiles);
            return new PolicyRun(log, rules, HostInspection.evaluator(rules, inspector, settings));
        } catch (RuntimeException e) {
            if (log != null) {
                log.close();
            }
            throw e;
        }
    }

    static Domain read(DomainSource source) {
        return new DomainXmlReader().read(new ByteArrayInputStream(source.text().getBytes(StandardCharsets.UTF_8)),
                source.name());
    }

    /** @param origin who asked and {@code contextFrom} how the start context was told, for the decision log */
    Decision decide(Domain domain, StartContext context, String origin, String contextFrom) {
        Decision decision = evaluate(domain, context);
        log(decision, origin, contextFrom);
        return decision;
    }

    /** The decision, not logged yet; threads may evaluate domains at once, sharing the compiled rules. */
    Decision evaluate(Domain domain, StartContext context) {
        return evaluator.evaluate(domain, context);
    }

    /** Appends a decision to the decision log, if there is one; one thread at a time. */
    void log(Decision decision, String origin, String contextFrom) {
        if (log != null) {
            log.append(decision, rules.digest(), origin, contextFrom);
        }
    }

    @Override
    public void close() {
        if (log != null) {
            log.close();
        }
    }
}
