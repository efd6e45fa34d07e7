package org.virtstartuppolicy.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.facts.StartFacts;

/**
 * The compiled rule base: compiled once, then run once per domain in a fresh session.
 *
 * <p>Rules run in stages, each an agenda group named by the rules' {@code ruleflow-group}; a
 * stage starts only when the one before has nothing left to fire, so later stages see complete
 * results. Rules without a group run last.
 */
public final class PolicyRules {
    /** The stages, in the order they run. */
    public static final List<String> STAGES = List.of("validate", "policy", "action", "verdict");

    /** A rule set that fires more often than this is looping. */
    static final int MAX_FIRINGS = 100_000;

    private static final String RESOURCE_ROOT = "src/main/resources/";

    private final KieContainer container;
    private final Map<String, String> originByResource;

    private PolicyRules(KieContainer container, Map<String, String> originByResource) {
        this.container = container;
        this.originByResource = originByResource;
    }

    /** Compiles the files, reporting every problem as {@code FILE:LINE: message}. */
    public static PolicyRules compile(List<RuleFile> files) {
        KieServices services = KieServices.get();
        KieFileSystem fileSystem = services.newKieFileSystem();
        Map<String, String> originByResource = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            String resource = "rules/r" + i + ".drl";
            originByResource.put(resource, files.get(i).origin());
            fileSystem.write(RESOURCE_ROOT + resource, files.get(i).text());
        }
        KieBuilder builder = services.newKieBuilder(fileSystem).buildAll();
        List<String> problems = new ArrayList<>();
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            String origin = originByResource.getOrDefault(message.getPath(), message.getPath());
            problems.add(origin + ":" + message.getLine() + ": " + firstLine(message.getText()));
        }
        if (!problems.isEmpty()) {
            throw new ToolError(problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more rule problems)" : ""));
        }
        return new PolicyRules(services.newKieContainer(builder.getKieModule().getReleaseId()), originByResource);
    }

    /** Runs every stage over the facts of one start. */
    public RuleOutcome run(StartFacts facts) {
        KieSession session = container.getKieBase().newKieSession();
        List<FiredRule> fired = new ArrayList<>();
        try {
            session.addEventListener(new DefaultAgendaEventListener() {
                @Override
                public void afterMatchFired(AfterMatchFiredEvent event) {
                    Rule rule = event.getMatch().getRule();
                    fired.add(new FiredRule(rule.getName(), fileOf(rule), event.getMatch().getObjects()));
                }
            });
            facts.all().forEach(session::insert);
            for (int i = STAGES.size() - 1; i >= 0; i--) {
                session.getAgenda().getAgendaGroup(STAGES.get(i)).setFocus();
            }
            int count = session.fireAllRules(MAX_FIRINGS);
            if (count >= MAX_FIRINGS) {
                throw new ToolError("the rules fired " + count + " times without settling; stopped"
                        + " (last rule: '" + fired.get(fired.size() - 1).rule() + "' in "
                        + fired.get(fired.size() - 1).file() + ")");
            }
            return new RuleOutcome(new ArrayList<>(session.getObjects()), fired);
        } catch (ConsequenceException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ToolError("rule '" + e.getRule().getName() + "' in " + fileOf(e.getRule()) + " failed: "
                    + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage())), e);
        } finally {
            session.dispose();
        }
    }

    private String fileOf(Rule rule) {
        if (rule instanceof RuleImpl impl && impl.getResource() != null) {
            String path = impl.getResource().getSourcePath();
            String resource = path.startsWith(RESOURCE_ROOT) ? path.substring(RESOURCE_ROOT.length()) : path;
            return originByResource.getOrDefault(resource, path);
        }
        return rule.getPackageName();
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
