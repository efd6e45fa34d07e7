package org.virtstartuppolicy.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * The packaged baseline as Drools' executable model: classes the build generated from its DRL
 * ({@link ModelGenerator}) and compiled for the tool's Java release, from which a run builds the
 * rule base without parsing, compiling or deserialising anything. Its rules name no file, so the
 * build writes beside it which file each rule is written in; a run names the files it was given.
 *
 * <p>The resource, one entry a line, fields split by tabs: {@code model CLASS} for each of the
 * model's classes, then {@code rule FILE PACKAGE NAME} for each rule.
 */
final class BaselineModel {
    static final String RESOURCE = "rules/libvirt.model";

    private BaselineModel() {
    }

    /** The rule base the packaged model builds, and each rule's file name (by {@link PolicyRules#ruleKey}). */
    record Built(KieBase kieBase, Map<String, String> fileByRule) {
    }

    /**
     * The rule base built from the packaged model, its rules named after {@code files} (the
     * baseline's files, by name: a folder of copies names its own); null when the tool has no
     * model packaged (classes not made by the build) or it cannot be built. Takes the one
     * {@link EarlyBaseline} built when a run started it.
     */
    static PolicyRules load(List<RuleFile> files) {
        Built built = EarlyBaseline.started() ? EarlyBaseline.take() : build();
        if (built == null) {
            return null;
        }
        Map<String, String> originByName = new HashMap<>();
        files.forEach(file -> originByName.put(RuleFiles.name(file), file.origin()));
        Map<String, String> originByRule = new HashMap<>();
        built.fileByRule().forEach((rule, file) -> originByRule.put(rule, originByName.get(file)));
        return new PolicyRules(built.kieBase(), files, originByRule);
    }

    /** The rule base built from the packaged model; null when there is none or it cannot be built. */
    static Built build() {
        ClassLoader loader = BaselineModel.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            List<Model> models = new ArrayList<>();
            Map<String, String> fileByRule = new HashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] fields = line.split("\t");
                if (fields[0].equals("model")) {
                    models.add((Model) Class.forName(fields[1], true, loader).getConstructor().newInstance());
                } else {
                    fileByRule.put(PolicyRules.ruleKey(fields[2], fields[3]), fields[1]);
                }
            }
            KieBase kieBase = KieBaseBuilder.createKieBaseFromModel(models,
                    KieServices.get().newKieBaseConfiguration(null, loader));
            return new Built(kieBase, fileByRule);
        } catch (IOException | ReflectiveOperationException | RuntimeException e) {
            // not this build's model: the baseline is compiled instead, as without one
            return null;
        }
    }

    /**
     * The resource for a model of these classes, generated from the same files as {@code compiled},
     * whose rules know their files.
     */
    static String describe(List<String> modelClasses, PolicyRules compiled) {
        List<String> rules = new ArrayList<>();
        for (KiePackage kiePackage : compiled.kieBase().getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                String file = compiled.fileOf(rule);
                String entry = String.join("\t", "rule", file.substring(file.lastIndexOf('/') + 1), rule.getPackageName(),
                        rule.getName());
                if (entry.split("\t", -1).length != 4 || entry.contains("\n")) {
                    throw new IllegalStateException("rule '" + rule.getName() + "' in " + file
                            + ": the build cannot record a rule whose name has a tab or a line break");
                }
                rules.add(entry);
            }
        }
        StringBuilder text = new StringBuilder();
        modelClasses.forEach(model -> text.append("model\t").append(model).append('\n'));
        // sorted: the same rules make the same resource, and the same build digest (ToolBuild)
        rules.stream().sorted().forEach(entry -> text.append(entry).append('\n'));
        return text.toString();
    }
}
