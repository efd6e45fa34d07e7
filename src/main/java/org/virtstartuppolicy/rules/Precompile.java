package org.virtstartuppolicy.rules;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run by the build (Maven's process-classes phase), never at run time: indexes the baseline rules
 * packaged in the classes folder (so that a run reads them without listing the jar), compiles
 * them (so that the build reports their problems as the tool does), generates and compiles their
 * executable model into the classes folder (so that no run with the baseline alone compiles
 * anything), then stamps the folder with the build's identity ({@link ToolBuild}).
 *
 * <p>Usage: {@code Precompile CLASSES_FOLDER VERSION JAVA_RELEASE MODEL_FOLDER}, where the model's
 * sources and classes are generated in MODEL_FOLDER before its classes are copied to CLASSES_FOLDER.
 */
public final class Precompile {
    private Precompile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: Precompile CLASSES_FOLDER VERSION JAVA_RELEASE MODEL_FOLDER");
        }
        Path classes = Path.of(args[0]);
        Path buildFile = classes.resolve(ToolBuild.RESOURCE);
        Path index = classes.resolve(RuleFiles.BASELINE_INDEX);
        Path model = Path.of(args[3]);
        Files.deleteIfExists(index);
        Files.deleteIfExists(classes.resolve(BaselineModel.RESOURCE));
        Files.writeString(index, RuleFiles.index(classes.resolve("rules/libvirt")));

        List<RuleFile> baseline = RuleFiles.baseline();
        PolicyRules compiled = PolicyRules.compile(baseline);
        // the last build's model classes go, so that none left by rules since edited is shipped
        copyTree(model.resolve("classes"), classes, true);
        List<String> modelClasses = ModelGenerator.generate(baseline, model.resolve("sources"), model.resolve("classes"),
                args[2]);
        copyTree(model.resolve("classes"), classes, false);
        Files.writeString(classes.resolve(BaselineModel.RESOURCE), BaselineModel.describe(modelClasses, compiled));

        String build = digest(classes, buildFile).substring(0, 20);
        Files.writeString(buildFile, "version=" + args[1] + "\nbuild=" + build + "\n", StandardCharsets.UTF_8);
    }

    /** Copies every file under {@code from} to the same place under {@code to}, or deletes it there. */
    private static void copyTree(Path from, Path to, boolean delete) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (delete) {
                    Files.deleteIfExists(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /**
     * SHA-256 over the name and content of every file under the folder but one, by name, and the
     * name of every jar the build runs with (which carries its version): a build with the same
     * classes but another Drools is another build.
     */
    private static String digest(Path folder, Path leftOut) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.equals(leftOut)).sorted().toList();
        }
        for (Path file : files) {
            sha256.update((folder.relativize(file).toString() + "\0").getBytes(StandardCharsets.UTF_8));
            sha256.update(Files.readAllBytes(file));
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                sha256.update((Path.of(entry).getFileName() + "\0").getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
