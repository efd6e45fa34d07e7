package org.virtstartuppolicy.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.drools.base.definitions.rule.impl.RuleImpl;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.rule.ConsequenceException;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.facts.StartFacts;

/**
 * The compiled rule base: compiled once, then run once per domain in a fresh session.
 *
 * <p>Rules run in stages, each an agenda group named by the rules' {@code ruleflow-group}; a
 * stage starts only when the one before has nothing left to fire, so later stages see complete
 * results and precedence never depends on the order activations happen to fire in. The
 * {@code site-*} stages are where site rules go; the others hold the baseline. Stage {@code warn}
 * runs after the verdict and only adds warnings. Rules without a group run last.
 */
public final class PolicyRules {
    /** The stages, in the order they run. */
    public static final List<String> STAGES = List.of("validate", "site-policy", "policy", "action", "site-action",
            "resolve", "verdict", "warn");

    private static final String RESOURCE_ROOT = "src/main/resources/";

    private final KieBase kieBase;
    private final Map<String, String> originByResource;
    /** For rules that name no resource (the executable model's): each rule's file, by {@link #ruleKey}. */
    private final Map<String, String> originByRule;
    private final List<RuleFile> files;
    /** Made when the rules first run. */
    private volatile KieSessionsPool sessions;
    /** Computed when first asked for: only a decision log needs it, and hashing costs a cold run. */
    private volatile String digest;

    /** Also made by {@link CompiledRules} from a rule base compiled earlier from the same files. */
    PolicyRules(KieBase kieBase, List<RuleFile> files) {
        this(kieBase, files, Map.of());
    }

    /** Made by {@link BaselineModel}, whose rules know no file: {@code originByRule} says each one's. */
    PolicyRules(KieBase kieBase, List<RuleFile> files, Map<String, String> originByRule) {
        this.kieBase = kieBase;
        this.originByResource = originByResource(files);
        this.originByRule = Map.copyOf(originByRule);
        this.files = List.copyOf(files);
    }

    /** What {@code originByRule} knows a rule by: rule names are unique within a package. */
    static String ruleKey(String packageName, String ruleName) {
        return packageName + "\0" + ruleName;
    }

    /** The compiled rule base, which {@link CompiledRules} saves. */
    KieBase kieBase() {
        return kieBase;
    }

    /**
     * {@code sha256:…} over every rule file in force, in order (each file's name and text), so a
     * logged decision can be tied to the exact policy that made it.
     */
    public String digest() {
        if (digest == null) {
            digest = digestOf(files);
        }
        return digest;
    }

    /** The digest {@link #compile} gives these files, without compiling them. */
    public static String digestOf(List<RuleFile> files) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (RuleFile file : files) {
                String name = file.origin().substring(file.origin().lastIndexOf('/') + 1);
                sha256.update((name + "\0" + file.text() + "\0").getBytes(StandardCharsets.UTF_8));
            }
            return "sha256:" + HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Compiles the files, reporting every problem as {@code FILE:LINE: message}. */
    public static PolicyRules compile(List<RuleFile> files) {
        EarlyBaseline.await();
        KieServices services = KieServices.get();
        KieFileSystem fileSystem = services.newKieFileSystem();
        Map<String, String> originByResource = originByResource(files);
        for (int i = 0; i < files.size(); i++) {
            fileSystem.write(RESOURCE_ROOT + resource(i), files.get(i).text());
        }
        KieBuilder builder = services.newKieBuilder(fileSystem).buildAll();
        List<String> problems = new ArrayList<>();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        Map<String, List<String>> unknownTypes = new HashMap<>();
        for (Message message : errors) {
            Misspelling.unknownType(summary(message.getText()))
                    .ifPresent(type -> unknownTypes.computeIfAbsent(message.getPath(), path -> new ArrayList<>()).add(type));
        }
        for (Message message : errors) {
            // the parser's own echo of a syntax error it has just reported, at line 0
            if (message.getText().startsWith(NO_PACKAGE) && errors.stream().anyMatch(other -> other != message
                    && Objects.equals(other.getPath(), message.getPath()))) {
                continue;
            }
            String summary = summary(message.getText());
            RuleFile file = fileOf(message.getPath(), files);
            if (file != null && Misspelling.followsFrom(summary, file, unknownTypes.getOrDefault(message.getPath(), List.of()))) {
                continue;
            }
            String origin = originByResource.getOrDefault(message.getPath(), message.getPath());
            problems.add(origin + ":" + lineOf(message, files) + ": "
                    + RuleLint.withHint(file == null ? summary : Misspelling.explained(summary, file)));
        }
        problems.addAll(RuleLint.problems(files));
        if (!problems.isEmpty()) {
            throw new ToolError(problems);
        }
        return new PolicyRules(services.newKieContainer(builder.getKieModule().getReleaseId()).getKieBase(), files);
    }

    /** The file compiled as this resource, or null. */
    private static RuleFile fileOf(String resource, List<RuleFile> files) {
        for (int i = 0; i < files.size(); i++) {
            if (resource(i).equals(resource)) {
                return files.get(i);
            }
        }
        return null;
    }

    /** The i-th file is compiled as this resource: the compiled rules know their file by position, not by path. */
    private static String resource(int i) {
        return "rules/r" + i + ".drl";
    }

    /** Each file's resource name, mapped to where the file came from. */
    static Map<String, String> originByResource(List<RuleFile> files) {
        Map<String, String> originByResource = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            originByResource.put(resource(i), files.get(i).origin());
        }
        return originByResource;
    }

    /** The rule files these rules were compiled from, in order. */
    public List<RuleFile> files() {
        return files;
    }

    /** Every rule in force, by file and then by name. */
    public List<RuleId> rules() {
        return kieBase.getKiePackages().stream()
                .flatMap(kiePackage -> kiePackage.getRules().stream())
                .map(rule -> new RuleId(rule.getName(), fileOf(rule)))
                .sorted(Comparator.comparing(RuleId::file).thenComparing(RuleId::rule))
                .toList();
    }

    /** The compiler's line, or where the expression it could not analyse is written when it gives none. */
    private static int lineOf(Message message, List<RuleFile> files) {
        Matcher expression = UNANALYSABLE.matcher(message.getText());
        if (message.getLine() > 0 || !expression.find()) {
            return message.getLine();
        }
        String resource = message.getPath();
        for (int i = 0; i < files.size(); i++) {
            if (resource(i).equals(resource)) {
                List<String> lines = files.get(i).text().lines().toList();
                Pattern written = Pattern.compile(Pattern.quote(expression.group(1).strip()) + "(?![\\w])");
                for (int line = 0; line < lines.size(); line++) {
                    if (written.matcher(lines.get(line)).find()) {
                        return line + 1;
                    }
                }
            }
        }
        return message.getLine();
    }

    private static final Pattern UNANALYSABLE = Pattern.compile("Unable to Analyse Expression ([^:\\n]+)");

    /**
     * The compiler's first line, and for an expression it cannot analyse, the reason it gives next,
     * said in a rule author's words: no error codes, no Java package names.
     */
    static String summary(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String summary = lines.isEmpty() ? text : lines.get(0);
        if (lines.size() > 1 && lines.get(0).startsWith("Unable to Analyse Expression")) {
            summary = lines.get(0) + " " + lines.get(1);
        }
        Matcher unknownField = UNKNOWN_FIELD.matcher(summary);
        if (unknownField.find()) {
            return unknownField.group(2) + " has no field '" + unknownField.group(3) + "' (in: " + unknownField.group(1)
                    .strip() + ")";
        }
        Matcher syntax = SYNTAX.matcher(summary);
        if (syntax.matches()) {
            summary = "syntax error: " + syntax.group(1).replaceFirst("^(?:mismatched|extraneous) input '(.*?)'(?: expecting"
                    + " \\S+)?", "'$1' is not expected here").replaceFirst("^no viable alternative at input '(.*?)'",
                    "'$1' is not expected here");
        }
        Matcher unknownType = UNKNOWN_TYPE.matcher(summary);
        if (unknownType.find()) {
            return "unknown fact type '" + unknownType.group(1) + "': is it imported, and spelt as in the tables of"
                    + " facts?";
        }
        if (summary.startsWith("Rule Compilation error ")) {
            // the compiler names the class it generates for the rule, which the author never wrote
            summary = "cannot compile the rule's then: " + summary.substring("Rule Compilation error ".length())
                    .replaceAll(" (?:for|in) the type Rule_\\w+", "");
        }
        return JAVA_NAME.matcher(summary).replaceAll("$1");
    }

    private static final String NO_PACKAGE = "Parser returned a null Package";
    private static final Pattern UNKNOWN_FIELD = Pattern.compile("Unable to Analyse Expression ([^:]+):.*unable to resolve"
            + " method using strict-mode: (?:[a-z]\\w*\\.)*([A-Z]\\w*)\\.(\\w+)\\(\\)");
    private static final Pattern SYNTAX = Pattern.compile("\\[ERR \\d+\\] Line \\d+:\\d+ (.*)");
    private static final Pattern UNKNOWN_TYPE = Pattern.compile("Unable to resolve ObjectType '([^']+)'");
    /** A class named with its package: the rule author writes it without (it is imported). */
    private static final Pattern JAVA_NAME = Pattern.compile("\\b(?:org\\.virtstartuppolicy|java\\.lang|java\\.util)"
            + "(?:\\.[a-z]\\w*)*\\.([A-Z]\\w*)");

    private static String lastRule(List<Insertion> insertions) {
        RuleId last = insertions.get(insertions.size() - 1).rule();
        return "'" + last.rule() + "' in " + last.file();
    }

    /**
     * Runs every stage over the facts of one start.
     *
     * @param trace      whether to record which rules fired (without it the outcome names no rules;
     *                   the benchmark uses that to measure what recording costs)
     * @param maxFirings a rule set that fires more often than this for one domain is looping: stopped
     */
    public RuleOutcome run(StartFacts facts, boolean trace, int maxFirings) {
        KieSession session = sessions().newKieSession();
        List<Insertion> insertions = new ArrayList<>();
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getRule() != null) {
                    insertions.add(new Insertion(event.getObject(), new RuleId(event.getRule().getName(),
                            fileOf(event.getRule()))));
                }
            }
        });
        RuleTrace rules = trace ? RuleTrace.attachTo(session, this::fileOf) : null;
        try {
            facts.all().forEach(session::insert);
            for (int i = STAGES.size() - 1; i >= 0; i--) {
                session.getAgenda().getAgendaGroup(STAGES.get(i)).setFocus();
            }
            int count = session.fireAllRules(maxFirings);
            if (count >= maxFirings) {
                throw new ToolError("the rules fired " + count + " times without settling, the limit (limits.ruleFirings);"
                        + " stopped"
                        + (insertions.isEmpty() ? "" : " (last rule: " + lastRule(insertions) + ")"));
            }
            return new RuleOutcome(new ArrayList<>(session.getObjects()), insertions,
                    rules == null ? List.of() : rules.fired());
        } catch (ConsequenceException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ToolError("rule '" + e.getRule().getName() + "' in " + fileOf(e.getRule()) + " failed: "
                    + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage())), e);
        } catch (ToolError e) {
            throw e;
        } catch (RuntimeException e) {
            // a condition that throws (a site rule reading past a string's end, a null): this domain's error
            throw new ToolError("the rules failed while matching the facts: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())), e);
        } finally {
            // back to the pool, reset by Drools: without this run's listeners, which the reset keeps
            List.copyOf(session.getAgendaEventListeners()).forEach(session::removeEventListener);
            List.copyOf(session.getRuleRuntimeEventListeners()).forEach(session::removeEventListener);
            session.dispose();
        }
    }

    /**
     * Sessions for {@link #run}, reused: a disposed one is reset and handed out again, which costs
     * a domain of a batch a fraction of making a session (Drools' own pool, safe across threads).
     */
    private KieSessionsPool sessions() {
        KieSessionsPool pool = sessions;
        if (pool == null) {
            synchronized (this) {
                if (sessions == null) {
                    sessions = kieBase.newKieSessionsPool(1);
                }
                pool = sessions;
            }
        }
        return pool;
    }

    /** The file a rule is written in, as the files in force name it. */
    String fileOf(Rule rule) {
        if (rule instanceof RuleImpl impl && impl.getResource() != null) {
            String path = impl.getResource().getSourcePath();
            String resource = path.startsWith(RESOURCE_ROOT) ? path.substring(RESOURCE_ROOT.length()) : path;
            return originByResource.getOrDefault(resource, path);
        }
        return originByRule.getOrDefault(ruleKey(rule.getPackageName(), rule.getName()), rule.getPackageName());
    }

    private static String firstLine(String text) {
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
