package org.virtstartuppolicy.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.drools.compiler.builder.impl.KnowledgeBuilderConfigurationImpl;
import org.drools.compiler.compiler.io.memory.MemoryFileSystem;
import org.drools.model.codegen.execmodel.ModelBuilderImpl;
import org.drools.model.codegen.execmodel.ModelWriter;
import org.drools.model.codegen.execmodel.PackageSources;
import org.drools.util.PortablePath;
import org.kie.api.KieServices;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.conf.ReproducibleExecutableModelGenerationOption;
import org.kie.internal.io.ResourceFactory;

/**
 * Build time only ({@link Precompile}; drools-model-codegen is not shipped): generates Drools'
 * executable model of rule files, Java classes that build the rule base without parsing or
 * compiling any DRL, and compiles them for the Java release the tool targets.
 */
final class ModelGenerator {
    private ModelGenerator() {
    }

    /**
     * Generates the model's Java sources into {@code sources} and compiles them into
     * {@code classes}, both emptied first.
     *
     * @return the classes to build the rule base from, one per DRL package ({@code org.drools.model.Model})
     */
    static List<String> generate(List<RuleFile> files, Path sources, Path classes, String release) throws IOException {
        KnowledgeBuilderConfigurationImpl configuration = KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration()
                .as(KnowledgeBuilderConfigurationImpl.KEY);
        // built one rule after another, not in parallel: the same rules make the same classes, and
        // the same build makes the same build digest (ToolBuild)
        configuration.setOption(ReproducibleExecutableModelGenerationOption.ENABLED);
        ModelBuilderImpl<PackageSources> builder = new ModelBuilderImpl<>(PackageSources::dumpSources, configuration,
                KieServices.get().newReleaseId("org.virtstartuppolicy", "baseline", "1"), false);
        CompositeKnowledgeBuilder batch = builder.batch();
        for (RuleFile file : files) {
            batch.add(ResourceFactory.newByteArrayResource(file.text().getBytes(StandardCharsets.UTF_8))
                    .setSourcePath(file.origin()), ResourceType.DRL);
        }
        batch.build();
        if (builder.hasErrors()) {
            // the DRL compiled (Precompile compiled it first): this is the model generator's own limit
            throw new IllegalStateException("cannot generate the executable model of the baseline: " + builder.getErrors());
        }
        MemoryFileSystem generated = new MemoryFileSystem();
        ModelWriter.Result result = new ModelWriter("").writeModel(generated, new ArrayList<>(builder.getPackageSources()));

        deleteTree(sources);
        deleteTree(classes);
        Files.createDirectories(classes);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<PortablePath, byte[]> file : generated.getMap().entrySet()) {
            Path path = sources.resolve(file.getKey().asString());
            Files.createDirectories(path.getParent());
            written.add(Files.write(path, file.getValue()));
        }
        compile(written, classes, release);
        return result.getModelFiles().stream().sorted().toList();
    }

    private static void compile(List<Path> sources, Path classes, String release) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the build needs a JDK: this Java has no compiler");
        }
        List<String> arguments = new ArrayList<>(List.of("--release", release, "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path"), "-proc:none", "-nowarn", "-XDsuppressNotes",
                // as the project's own classes (the pom says why)
                "-XDstringConcat=inline"));
        sources.forEach(source -> arguments.add(source.toString()));
        // javac's messages go to standard error, into the build's output
        if (javac.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("cannot compile the executable model of the baseline");
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
