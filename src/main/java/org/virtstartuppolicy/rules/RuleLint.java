package org.virtstartuppolicy.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtstartuppolicy.Spelling;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.kie.internal.builder.conf.LanguageLevelOption;

/**
 * What compiles but can never do anything, in a site's rule files: a rule outside the site
 * stages (it would run after the verdict, or break the baseline's precedence), a pattern on a
 * fact no earlier stage inserts, a vocabulary property compared with a string. Each is a
 * {@code FILE:LINE} problem that says what to write instead. The baseline's own files (package
 * {@code libvirt}) are not linted: their rules are the stages.
 */
public final class RuleLint {
    private static final String BASELINE_PACKAGE = "libvirt";
    private static final List<String> SITE_STAGES = List.of("site-policy", "site-action");

    private static final String FACTS = "org.virtstartuppolicy.facts.";
    /** The stage that inserts each conclusion; facts not listed are there from the start. */
    private static final Map<String, String> INSERTED_IN = Map.ofEntries(
            Map.entry(FACTS + "DefinitionError", "validate"),
            Map.entry(FACTS + "PolicyClaim", "site-policy"),
            Map.entry(FACTS + "UsbPolicyClaim", "site-policy"),
            Map.entry(FACTS + "EffectivePolicy", "policy"),
            Map.entry(FACTS + "UsbPolicy", "policy"),
            Map.entry(FACTS + "DiskAction", "action"),
            Map.entry(FACTS + "UsbAction", "action"),
            Map.entry(FACTS + "ActionOverride", "site-action"),
            Map.entry(FACTS + "FinalAction", "resolve"),
            Map.entry(FACTS + "StartError", "resolve"),
            Map.entry(FACTS + "Verdict", "verdict"),
            Map.entry(FACTS + "Warning", "warn"));

    /** Vocabulary properties, and how to write a value of each. */
    private static final Map<String, String> VOCABULARY = Map.of(
            "device", "Device.CDROM (import org.virtstartuppolicy.domain.Device)",
            "type", "DiskType.FILE (import org.virtstartuppolicy.domain.DiskType)",
            "declaredPolicy", "Policy.OPTIONAL (import org.virtstartuppolicy.facts.Policy)",
            "policy", "Policy.OPTIONAL (import org.virtstartuppolicy.facts.Policy)",
            "action", "Action.REMOVE (import org.virtstartuppolicy.facts.Action)",
            "event", "ChangeEvent.MISSING_ON_START (import org.virtstartuppolicy.facts.ChangeEvent)",
            "outcome", "UsbOutcome.MISSING (import org.virtstartuppolicy.facts.UsbOutcome)",
            "kind", "OverrideKind.FAIL or ProblemKind.MISSING (import org.virtstartuppolicy.facts.OverrideKind,"
                    + " org.virtstartuppolicy.image.ProblemKind)");
    private static final Pattern STRING_COMPARISON = Pattern.compile(
            "\\b(device|type|declaredPolicy|policy|action|event|outcome|kind)\\s*(==|!=|(not\\s+)?in\\s*\\()\\s*\"");

    private RuleLint() {
    }

    /** Every problem of the site files among {@code files}, as {@code FILE:LINE: message}. */
    static List<String> problems(List<RuleFile> files) {
        List<String> problems = new ArrayList<>();
        for (RuleFile file : files) {
            DrlParser parser = new DrlParser(LanguageLevelOption.DRL6);
            PackageDescr parsed;
            try {
                parsed = parser.parse(false, file.text());
            } catch (DroolsParserException e) {
                continue; // the compiler reports what does not parse
            }
            if (parser.hasErrors() || parsed == null || BASELINE_PACKAGE.equals(parsed.getName())) {
                continue;
            }
            Map<String, String> imports = new HashMap<>();
            for (ImportDescr imported : parsed.getImports()) {
                String target = imported.getTarget();
                if (target.equals(FACTS + "*")) {
                    INSERTED_IN.keySet().forEach(fact -> imports.put(fact.substring(FACTS.length()), fact));
                } else {
                    imports.put(target.substring(target.lastIndexOf('.') + 1), target);
                }
            }
            for (RuleDescr rule : parsed.getRules()) {
                lint(file.origin(), rule, imports, problems);
            }
        }
        return problems;
    }

    /**
     * The site rules that override the decision table to drop disks: libvirt takes no definition
     * back at a cold boot or a revert and applies the one it has, so such a drop takes effect only
     * on a restore or an incoming migration (and the hook refuses a cold boot it cannot carry out).
     */
    public static List<String> dropsOnlyOnRestore(List<RuleFile> files) {
        EarlyBaseline.await();
        List<String> notes = new ArrayList<>();
        for (RuleFile file : files) {
            DrlParser parser = new DrlParser(LanguageLevelOption.DRL6);
            PackageDescr parsed;
            try {
                parsed = parser.parse(false, file.text());
            } catch (DroolsParserException e) {
                continue;
            }
            if (parser.hasErrors() || parsed == null || BASELINE_PACKAGE.equals(parsed.getName())) {
                continue;
            }
            for (RuleDescr rule : parsed.getRules()) {
                if (String.valueOf(rule.getConsequence()).contains("OverrideKind.DROP")) {
                    notes.add(file.origin() + ":" + rule.getLine() + ": rule '" + rule.getName() + "' drops disks with an"
                            + " ActionOverride: that takes effect only on a restore or an incoming migration, whose hooks"
                            + " hand libvirt the definition; on a cold boot or a snapshot revert libvirt applies the"
                            + " startupPolicy the definition holds, so the hook refuses a start it cannot carry out. To"
                            + " relax the policy on every start, claim it (PolicyClaim, stage site-policy) and run"
                            + " virt-startup-policy apply");
                }
            }
        }
        return notes;
    }

    private static void lint(String origin, RuleDescr rule, Map<String, String> imports, List<String> problems) {
        String at = origin + ":" + rule.getLine() + ": rule '" + rule.getName() + "' ";
        AttributeDescr group = rule.getAttributes().get("ruleflow-group");
        String stage = group == null ? null : group.getValue();
        if (stage == null) {
            problems.add(at + "has no ruleflow-group, so it runs after the verdict and changes nothing: add"
                    + " ruleflow-group \"site-policy\" to insert a PolicyClaim, or \"site-action\" to insert an ActionOverride");
            return;
        }
        if (!PolicyRules.STAGES.contains(stage)) {
            problems.add(at + "is in stage '" + stage + "', which does not exist, so it never fires"
                    + Spelling.suggestion(stage, SITE_STAGES) + ": site rules go in"
                    + " \"site-policy\" (PolicyClaim) or \"site-action\" (ActionOverride)");
            return;
        }
        if (!SITE_STAGES.contains(stage)) {
            problems.add(at + "is in the baseline's stage '" + stage + "': site rules go in \"site-policy\""
                    + " (PolicyClaim) or \"site-action\" (ActionOverride), where the baseline's precedence applies to them");
            return;
        }
        for (PatternDescr pattern : patterns(rule.getLhs())) {
            String type = imports.getOrDefault(pattern.getObjectType(), pattern.getObjectType());
            String insertedIn = INSERTED_IN.get(type);
            if (insertedIn != null && PolicyRules.STAGES.indexOf(insertedIn) > PolicyRules.STAGES.indexOf(stage)) {
                problems.add(origin + ":" + pattern.getLine() + ": rule '" + rule.getName() + "' matches "
                        + pattern.getObjectType() + ", which stage '" + insertedIn + "' inserts only after stage '" + stage
                        + "', so it never fires: match what exists by then, or move the rule to a later site stage");
            }
            Matcher comparison = STRING_COMPARISON.matcher(String.valueOf(pattern.getConstraint()));
            if (comparison.find()) {
                problems.add(origin + ":" + pattern.getLine() + ": rule '" + rule.getName() + "' compares "
                        + comparison.group(1) + " with a string, which never matches: write " + VOCABULARY.get(comparison.group(1)));
            }
        }
    }

    /** Constructors that took strings before the vocabulary, and how to write them now. */
    private static final Map<String, String> CONSTRUCTORS = Map.of(
            "The constructor ActionOverride(DiskFact, String, String) is undefined",
            "new ActionOverride($disk, OverrideKind.FAIL or OverrideKind.DROP, reason)"
                    + " (import org.virtstartuppolicy.facts.OverrideKind)",
            "The constructor PolicyClaim(DiskFact, String, String) is undefined",
            "new PolicyClaim($disk, Policy.OPTIONAL, reason) (import org.virtstartuppolicy.facts.Policy)");

    /** A compiler message, with how to write it now when it is a string where the vocabulary is typed. */
    static String withHint(String message) {
        for (Map.Entry<String, String> constructor : CONSTRUCTORS.entrySet()) {
            if (message.contains(constructor.getKey())) {
                return message + ": write " + constructor.getValue();
            }
        }
        return message;
    }

    /** Every pattern of a rule's conditions, however deeply nested in not, exists, or and and. */
    private static List<PatternDescr> patterns(BaseDescr descr) {
        List<PatternDescr> found = new ArrayList<>();
        if (descr instanceof PatternDescr pattern) {
            found.add(pattern);
        } else if (descr instanceof ConditionalElementDescr element) {
            element.getDescrs().forEach(child -> found.addAll(patterns(child)));
        }
        return found;
    }
}
