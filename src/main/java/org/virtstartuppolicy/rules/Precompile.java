package org.virtstartuppolicy.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run by the build (Maven's process-classes phase), never at run time: stamps the classes folder
 * with the build's identity ({@link ToolBuild}), indexes the baseline rules packaged there (so that
 * a run reads them without listing the jar), then compiles them and saves the result beside them,
 * so that no run with the baseline alone compiles anything.
 *
 * <p>Usage: {@code Precompile CLASSES_FOLDER VERSION}
 */
public final class Precompile {
    private Precompile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Precompile CLASSES_FOLDER VERSION");
        }
        Path classes = Path.of(args[0]);
        Path buildFile = classes.resolve(ToolBuild.RESOURCE);
        Path compiled = classes.resolve(RuleCache.PACKAGED_BASELINE);
        Path index = classes.resolve(RuleFiles.BASELINE_INDEX);
        Files.deleteIfExists(compiled);
        Files.deleteIfExists(index);
        Files.writeString(index, RuleFiles.index(classes.resolve("rules/libvirt")));
        String build = digest(classes, List.of(buildFile, compiled)).substring(0, 20);
        Files.writeString(buildFile, "version=" + args[1] + "\nbuild=" + build + "\njava=" + Runtime.version().feature() + "\n",
                StandardCharsets.UTF_8);

        List<RuleFile> baseline = RuleFiles.baseline();
        PolicyRules rules = PolicyRules.compile(baseline);
        Files.write(compiled, RuleCache.entry(RuleCache.key(args[1] + "+" + build, baseline), CompiledRules.save(rules)));
    }

    /** SHA-256 over the name and content of every file under the folder, by name, but those left out. */
    private static String digest(Path folder, List<Path> leftOut) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !leftOut.contains(p)).sorted().toList();
        }
        for (Path file : files) {
            sha256.update((folder.relativize(file).toString() + "\0").getBytes(StandardCharsets.UTF_8));
            sha256.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
