package org.virtstartuppolicy.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;

/**
 * Records, while the rules run, every rule that fires, in order, with the facts it matched and
 * the facts it inserted: the audit trail is built from what the engine did, not reconstructed.
 */
final class RuleTrace {
    private final Function<Rule, String> fileOf;
    private final List<FiredRule> fired = new ArrayList<>();
    private final List<Object> inserting = new ArrayList<>();

    private RuleTrace(Function<Rule, String> fileOf) {
        this.fileOf = fileOf;
    }

    static RuleTrace attachTo(KieSession session, Function<Rule, String> fileOf) {
        RuleTrace trace = new RuleTrace(fileOf);
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                trace.inserting.clear();
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                Rule rule = event.getMatch().getRule();
                trace.fired.add(new FiredRule(rule.getName(), trace.fileOf.apply(rule), event.getMatch().getObjects(),
                        trace.inserting));
            }
        });
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getRule() != null) {
                    trace.inserting.add(event.getObject());
                }
            }
        });
        return trace;
    }

    List<FiredRule> fired() {
        return fired;
    }
}
