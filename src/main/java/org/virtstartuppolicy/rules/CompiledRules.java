package org.virtstartuppolicy.rules;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;

/**
 * A compiled rule base as bytes, and back: Drools' own serialisation of the compiled packages
 * (their rules, the network's conditions and the bytecode of the consequences), so that loading
 * them again parses, type-checks and compiles nothing. The bytes are only ever read by the same
 * build of the tool that wrote them ({@link RuleCache} keys them by its build).
 */
final class CompiledRules {
    private CompiledRules() {
    }

    static byte[] save(PolicyRules rules) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 18);
        try (ObjectOutputStream out = new DroolsObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(rules.kieBase().getKiePackages()));
        }
        return bytes.toByteArray();
    }

    /**
     * The rules as {@link #save} saved them.
     *
     * @param files the rule files they were compiled from, in the same order: messages and the
     *              audit trail name these
     * @throws IOException when the bytes are not a saved rule base this build can read
     */
    static PolicyRules load(InputStream saved, List<RuleFile> files) throws IOException {
        EarlyBaseline.await();
        ClassLoader loader = CompiledRules.class.getClassLoader();
        List<KiePackage> packages = new ArrayList<>();
        try (DroolsObjectInputStream in = new DroolsObjectInputStream(saved, loader)) {
            for (Object item : (List<?>) in.readObject()) {
                packages.add((KiePackage) item);
            }
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("not a saved rule base of this build: " + e.getMessage(), e);
        }
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(
                KieServices.get().newKieBaseConfiguration(null, loader));
        kieBase.addPackages(packages);
        return new PolicyRules(kieBase, files);
    }
}
