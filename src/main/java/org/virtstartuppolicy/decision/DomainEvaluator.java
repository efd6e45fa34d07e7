package org.virtstartuppolicy.decision;

import java.util.HashMap;
import java.util.Map;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.facts.Site;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.facts.StartFacts;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.ChainInspector;
import org.virtstartuppolicy.rules.PolicyRules;

/** The pipeline for one domain: inspect every chain, state the facts, run the rules, collect the decision. */
public final class DomainEvaluator {
    private final PolicyRules rules;
    private final ChainInspector inspector;
    private final Site site;
    private final boolean trace;

    public DomainEvaluator(PolicyRules rules, ChainInspector inspector, Site site) {
        this(rules, inspector, site, true);
    }

    /** @param trace whether to record the rule trace (off only to measure what it costs) */
    public DomainEvaluator(PolicyRules rules, ChainInspector inspector, Site site, boolean trace) {
        this.rules = rules;
        this.inspector = inspector;
        this.site = site;
        this.trace = trace;
    }

    public Decision evaluate(Domain domain, StartContext context) {
        Map<Disk, BackingChain> chains = new HashMap<>();
        for (Disk disk : domain.disks()) {
            BackingChain chain = inspector.inspect(disk);
            if (chain != null) {
                chains.put(disk, chain);
            }
        }
        StartFacts facts = StartFacts.of(domain, chains, context, site);
        return Decision.of(domain, chains, facts, rules.run(facts, trace), inspector.qemu());
    }
}
