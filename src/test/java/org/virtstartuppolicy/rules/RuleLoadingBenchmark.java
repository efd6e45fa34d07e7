package org.virtstartuppolicy.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.KieModule;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainXmlReader;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.image.QemuUser;
import org.virtstartuppolicy.report.OutputFormat;
import org.virtstartuppolicy.report.Report;

/**
 * The two ways of compiling the baseline rules at build time, loaded in a fresh JVM each
 * (src/test/bench/rule-loading.sh): the compiled packages as Drools serialises them (what the tool
 * ships) and Drools' executable model. Needs drools-model-codegen and drools-model-compiler on the
 * class path, which the project does not depend on: they are reached by reflection.
 *
 * <ul>
 * <li>{@code generate FOLDER}: writes the executable model of the packaged baseline's rules
 *     into FOLDER (classes), prints how long that took and the model's class;</li>
 * <li>{@code serialized GUEST} or {@code model CLASS GUEST}: loads the rules that way, evaluates
 *     GUEST with them, prints the decision as JSON on standard output and, on standard error,
 *     {@code rules MS evaluate MS}.</li>
 * </ul>
 */
public final class RuleLoadingBenchmark {
    private RuleLoadingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]));
            case "serialized" -> evaluate(null, Path.of(args[1]));
            case "model" -> evaluate(args[1], Path.of(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    @SuppressWarnings("unchecked")
    private static void generate(Path folder) throws Exception {
        long start = System.nanoTime();
        KieServices services = KieServices.get();
        KieFileSystem files = services.newKieFileSystem();
        List<RuleFile> baseline = RuleFiles.baseline();
        for (int i = 0; i < baseline.size(); i++) {
            files.write("src/main/resources/rules/r" + i + ".drl", baseline.get(i).text());
        }
        Class<?> project = Class.forName("org.drools.model.codegen.ExecutableModelProject");
        KieBuilder builder = services.newKieBuilder(files);
        Method buildAll = KieBuilder.class.getMethod("buildAll", Class.class);
        buildAll.invoke(builder, project);
        if (!builder.getResults().getMessages(org.kie.api.builder.Message.Level.ERROR).isEmpty()) {
            throw new IllegalStateException(builder.getResults().toString());
        }
        KieModule module = builder.getKieModule();
        Object memory = module.getClass().getMethod("getInternalKieModule").invoke(module);
        Object fileSystem = memory.getClass().getMethod("getMemoryFileSystem").invoke(memory);
        Map<Object, byte[]> contents = (Map<Object, byte[]>) fileSystem.getClass().getMethod("getMap").invoke(fileSystem);
        String model = null;
        for (Map.Entry<Object, byte[]> entry : contents.entrySet()) {
            String name = (String) entry.getKey().getClass().getMethod("asString").invoke(entry.getKey());
            Path file = folder.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, entry.getValue());
            if (name.endsWith("/drools-model")) {
                model = new String(entry.getValue()).lines().filter(l -> !l.contains(":")).findFirst().orElse(null);
            }
        }
        System.out.printf("%.0f %s%n", (System.nanoTime() - start) / 1e6, model);
    }

    private static void evaluate(String modelClass, Path guest) throws IOException, ReflectiveOperationException {
        long start = System.nanoTime();
        List<RuleFile> baseline = RuleFiles.baseline();
        PolicyRules rules;
        if (modelClass == null) {
            rules = new RuleCache(null, System.err::println).rulesFor(baseline);
        } else {
            Class<?> model = Class.forName("org.drools.model.Model");
            Method create = Class.forName("org.drools.modelcompiler.KieBaseBuilder").getMethod("createKieBaseFromModel",
                    model, Class.forName("[Lorg.kie.api.conf.KieBaseOption;"));
            Object instance = Class.forName(modelClass).getConstructor().newInstance();
            KieBase kieBase = (KieBase) create.invoke(null, instance,
                    java.lang.reflect.Array.newInstance(Class.forName("org.kie.api.conf.KieBaseOption"), 0));
            rules = new PolicyRules(kieBase, baseline);
        }
        long loaded = System.nanoTime();
        QemuUser me = QemuUser.current();
        Domain domain = new DomainXmlReader().read(new ByteArrayInputStream(Files.readAllBytes(guest)), guest.toString());
        Decision decision = Evaluation.of(Config.DEFAULTS, rules, new HostSelection(null, me.uid() + ":" + me.gid()), null)
                .decide(domain, StartContext.COLD_BOOT);
        long evaluated = System.nanoTime();
        System.out.print(Report.of(decision, OutputFormat.JSON, true, false));
        System.err.printf("rules %.1f evaluate %.1f%n", (loaded - start) / 1e6, (evaluated - loaded) / 1e6);
    }
}
