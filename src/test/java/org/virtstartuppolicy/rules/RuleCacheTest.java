package org.virtstartuppolicy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.modelcompiler.consequence.LambdaConsequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.image.QemuUser;

/**
 * The baseline alone is built from the executable model the build packaged; other compiled rules
 * are reused only for exactly the files they were compiled from, by this build.
 */
class RuleCacheTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private RuleCache cache(Path folder) {
        return new RuleCache(folder, warnings::add);
    }

    private List<RuleFile> withSite(String text) throws IOException {
        Path site = Files.writeString(dir.resolve("site.drl"), text);
        List<RuleFile> files = new ArrayList<>(RuleFiles.baseline());
        files.addAll(RuleFiles.load(site));
        return files;
    }

    private static String siteRule(String name) {
        return """
                package site;
                import org.virtstartuppolicy.facts.DiskFact;
                import org.virtstartuppolicy.facts.Policy;
                import org.virtstartuppolicy.facts.PolicyClaim;

                rule "%s"
                    ruleflow-group "site-policy"
                when
                    $disk : DiskFact(removable == true, startupPolicy == null)
                then
                    insert(new PolicyClaim($disk, Policy.OPTIONAL, "media are optional here"));
                end
                """.formatted(name);
    }

    private List<Path> entries(Path folder) throws IOException {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.sorted().toList();
        }
    }

    @Test
    void siteRulesAreCompiledOnceThenLoadedByLaterRuns() throws IOException {
        Path folder = dir.resolve("cache");
        List<RuleFile> files = withSite(siteRule("Media are optional"));

        RuleCache first = cache(folder);
        PolicyRules compiled = first.rulesFor(files);
        RuleCache second = cache(folder);
        PolicyRules loaded = second.rulesFor(files);

        assertEquals(1, first.compilations());
        assertEquals(0, second.compilations(), "the second run loads what the first compiled");
        assertEquals(compiled.rules(), loaded.rules(), "the same rules, named after the same files");
        assertEquals(compiled.digest(), loaded.digest());
        assertTrue(loaded.rules().contains(new RuleId("Media are optional", dir.resolve("site.drl").toString())));
        assertEquals(1, entries(folder).size());
        assertEquals(List.of(), warnings);
    }

    @Test
    void anEditedRuleFileIsCompiledAgainNeverTakenFromTheCache() throws IOException {
        Path folder = dir.resolve("cache");
        cache(folder).rulesFor(withSite(siteRule("Media are optional")));

        RuleCache afterEdit = cache(folder);
        PolicyRules edited = afterEdit.rulesFor(withSite(siteRule("Media are optional, edited")));

        assertEquals(1, afterEdit.compilations());
        assertTrue(edited.rules().stream().anyMatch(r -> r.rule().equals("Media are optional, edited")), edited.rules()
                .toString());
        assertTrue(edited.rules().stream().noneMatch(r -> r.rule().equals("Media are optional")));
        assertEquals(2, entries(folder).size(), "each version of the files has its own entry");
    }

    /** Whether a rule base was built from the executable model: its consequences are the model's lambdas. */
    static boolean isExecutableModel(PolicyRules rules) {
        return rules.kieBase().getKiePackages().stream().flatMap(kiePackage -> kiePackage.getRules().stream())
                .allMatch(rule -> ((RuleImpl) rule).getConsequence() instanceof LambdaConsequence);
    }

    @Test
    void theBaselineAloneIsBuiltFromItsExecutableModelWithoutACacheNamingEachRulesFile() {
        RuleCache noFolder = cache(null);
        PolicyRules baseline = noFolder.rulesFor(RuleFiles.baseline());
        PolicyRules compiled = PolicyRules.compile(RuleFiles.baseline());

        assertEquals(0, noFolder.compilations(), "the build packaged the baseline's model");
        assertTrue(isExecutableModel(baseline), "built from the model, neither compiled nor deserialised");
        assertFalse(isExecutableModel(compiled), "the check tells the two apart");
        assertEquals(compiled.rules(), baseline.rules(), "the same rules, each named after its file");
        assertTrue(baseline.rules().contains(new RuleId("Missing mandatory disk fails the start",
                "rules/libvirt/30-action.drl")), baseline.rules().toString());
    }

    @Test
    void aBaselineFolderWithThePackagedTextsIsBuiltFromTheModelButNamedAfterItsOwnFiles() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("etc/libvirt-rules"));
        for (RuleFile file : RuleFiles.baseline()) {
            Files.writeString(folder.resolve(RuleFiles.name(file)), file.text());
        }
        RuleCache noFolder = cache(null);
        List<RuleFile> files = RuleFiles.inForce(folder, List.of());
        PolicyRules rules = noFolder.rulesFor(files);

        assertEquals(0, noFolder.compilations());
        assertTrue(isExecutableModel(rules));
        assertEquals(PolicyRules.compile(files).rules(), rules.rules(), "named after the folder's files");
        assertTrue(rules.rules().stream().allMatch(r -> r.file().startsWith(folder.toString())), rules.rules().toString());
        assertEquals(PolicyRules.compile(RuleFiles.baseline()).digest(), rules.digest(), "the digest is of names and texts");
    }

    @Test
    void aBaselineFolderWithAnEditedTextIsCompiledNotTakenFromTheModel() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("etc/libvirt-rules"));
        for (RuleFile file : RuleFiles.baseline()) {
            Files.writeString(folder.resolve(RuleFiles.name(file)), file.text() + "\n// edited on this host\n");
        }
        RuleCache noFolder = cache(null);
        PolicyRules rules = noFolder.rulesFor(RuleFiles.inForce(folder, List.of()));

        assertEquals(1, noFolder.compilations());
        assertFalse(isExecutableModel(rules));
    }

    /**
     * What the model saves a run, seen in a fresh JVM with the class path the tool ships with (no
     * model generator): a baseline-only evaluate loads the model's classes and not one class of the
     * DRL parser, the rule compiler or Drools' deserialisation, and decides as before.
     */
    @Test
    void aBaselineOnlyRunParsesCompilesAndDeserialisesNothing() throws IOException, InterruptedException {
        String shipped = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("drools-model-codegen"))
                .collect(Collectors.joining(File.pathSeparator));
        Path classes = dir.resolve("classes.log");
        QemuUser me = QemuUser.current();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin/java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xlog:class+load=info:file=" + classes,
                "-D" + Config.CACHE_DIR_PROPERTY + "=" + dir.resolve("cache"), "-cp", shipped,
                "org.virtstartuppolicy.cli.Main", "evaluate", "--as-user", me.uid() + ":" + me.gid(), "--root",
                "src/examples/classic/host", "src/examples/classic/fedora18.xml")
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("err")));
        assertTrue(Files.readString(dir.resolve("out")).contains("the guest may start"), Files.readString(dir.resolve("out")));

        String log = Files.readString(classes);
        String model = Files.readString(Path.of("target/classes", BaselineModel.RESOURCE)).lines().findFirst()
                .orElseThrow().split("\t")[1];
        assertTrue(log.contains(" " + model + " "), "the model's class " + model + " is loaded");
        for (String never : List.of("org.drools.drl.parser.DrlParser", "org.drools.compiler.builder.impl.KnowledgeBuilderImpl",
                "org.drools.base.common.DroolsObjectInputStream")) {
            assertFalse(log.contains(" " + never + " "), never + " is loaded");
        }
        assertFalse(Files.exists(dir.resolve("cache")), "nothing cached");
    }

    @Test
    void aCorruptOrForeignEntryIsNeverLoadedButCompiledAgainAndReplaced() throws IOException {
        Path folder = dir.resolve("cache");
        List<RuleFile> mine = withSite(siteRule("Mine"));
        cache(folder).rulesFor(mine);
        Path entry = entries(folder).get(0);
        byte[] good = Files.readAllBytes(entry);

        // truncated, as by a full disk
        Files.write(entry, java.util.Arrays.copyOf(good, good.length / 2));
        RuleCache afterTruncation = cache(folder);
        afterTruncation.rulesFor(mine);
        assertEquals(1, afterTruncation.compilations());
        RuleCache afterReplacement = cache(folder);
        afterReplacement.rulesFor(mine);
        assertEquals(0, afterReplacement.compilations(), "replaced by a whole entry");

        // one byte of the compiled rules changed
        byte[] flipped = good.clone();
        flipped[flipped.length - 10] ^= 1;
        Files.write(entry, flipped);
        RuleCache afterFlip = cache(folder);
        afterFlip.rulesFor(mine);
        assertEquals(1, afterFlip.compilations());

        // another set of files' entry put under this one's name
        List<RuleFile> other = withSite(siteRule("Other"));
        cache(folder).rulesFor(other);
        Path otherEntry = entries(folder).stream().filter(p -> !p.equals(entry)).findFirst().orElseThrow();
        Files.copy(otherEntry, entry, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        RuleCache afterSwap = cache(folder);
        PolicyRules rules = afterSwap.rulesFor(withSite(siteRule("Mine")));
        assertEquals(1, afterSwap.compilations());
        assertTrue(rules.rules().stream().anyMatch(r -> r.rule().equals("Mine")));
    }

    @Test
    void theFolderIsMadeForTheOwnerAloneAndEntriesAppearWhole() throws IOException {
        Path folder = dir.resolve("var/cache/virt-startup-policy");
        cache(folder).rulesFor(withSite(siteRule("Media are optional")));

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        List<Path> entries = entries(folder);
        assertEquals(1, entries.size(), "no temporary file left behind: " + entries);
        assertTrue(entries.get(0).getFileName().toString().matches("[0-9a-f]{64}\\.rules"), entries.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(entries.get(0))));
    }

    @Test
    void aFolderThatCannotBeUsedIsToldOnceAndTheRulesAreCompiledInMemory() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("cache"), "a file where the folder should be\n");
        RuleCache blocked = cache(notAFolder);
        PolicyRules rules = blocked.rulesFor(withSite(siteRule("Media are optional")));

        assertTrue(rules.rules().stream().anyMatch(r -> r.rule().equals("Media are optional")));
        assertEquals(List.of("rule cache " + notAFolder + " not used (not a folder): the rules are compiled in memory"),
                warnings);

        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        warnings.clear();
        RuleCache open = cache(shared);
        open.rulesFor(withSite(siteRule("Media are optional")));
        open.rulesFor(withSite(siteRule("Media are optional")));
        assertEquals(2, open.compilations(), "never read from a folder others may write to");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("others may write to it"), warnings.toString());
        assertEquals(List.of(), entries(shared));
    }

    @Test
    void rulesThatDoNotCompileAreReportedAsBeforeAndNothingIsCached() throws IOException {
        Path folder = dir.resolve("cache");
        List<RuleFile> broken = withSite("package site;\nrule \"x\" when\n    NoSuchFact()\nthen\nend\n");

        ToolError viaCache = assertThrows(ToolError.class, () -> cache(folder).rulesFor(broken));
        ToolError direct = assertThrows(ToolError.class, () -> PolicyRules.compile(broken));

        assertEquals(direct.problems(), viaCache.problems());
        assertTrue(viaCache.problems().get(0).startsWith(dir.resolve("site.drl") + ":3: "), viaCache.problems().toString());
        assertTrue(!Files.exists(folder) || entries(folder).isEmpty());
    }

    @Test
    void theKeyCoversTheBuildTheJavaAndEveryFileInOrder() throws IOException {
        List<RuleFile> files = withSite(siteRule("A"));
        List<RuleFile> reordered = new ArrayList<>(files);
        java.util.Collections.swap(reordered, 0, 1);

        String key = RuleCache.key("1.0+abc", files);
        assertEquals(key, RuleCache.key("1.0+abc", files));
        assertNotEquals(key, RuleCache.key("1.0+abd", files), "another build");
        assertNotEquals(key, RuleCache.key("1.0+abc", reordered), "another order");
        assertNotEquals(key, RuleCache.key("1.0+abc", withSite(siteRule("B"))), "another text");
        assertEquals(null, RuleCache.key(null, files), "a tool that does not know its build caches nothing");
    }
}
