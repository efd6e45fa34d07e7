package org.virtstartuppolicy.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * The tool installed as the README installs it: the shipped launcher beside a jar of this build's
 * classes (its libraries named by the jar's Class-Path, as they are in the local repository), in
 * a folder of its own; and a way to run commands there as a host would, in a fresh process.
 */
final class Installed {
    static final Path LAUNCHER = Path.of("src/main/dist/virt-startup-policy").toAbsolutePath();
    static final Path HOOK = Path.of("src/main/dist/virt-startup-policy-hook").toAbsolutePath();

    private Installed() {
    }

    /** The output and exit status of a process. */
    record Run(int exitCode, String out, String err) {
    }

    /** Installs the launcher and a jar of target/classes into {@code folder}; returns the launcher. */
    static Path tool(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path launcher = Files.copy(LAUNCHER, folder.resolve("virt-startup-policy"));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", libraries()));
        Path classes = Path.of("target/classes").toAbsolutePath();
        try (OutputStream file = Files.newOutputStream(folder.resolve("virt-startup-policy.jar"));
             JarOutputStream jar = new JarOutputStream(file, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(path).toString()));
                jar.write(Files.readAllBytes(path));
                jar.closeEntry();
            }
        }
        return launcher;
    }

    /** The jars this build runs with, as URLs; not the test libraries. */
    private static List<String> libraries() {
        List<String> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (entry.endsWith(".jar") && !name.startsWith("junit") && !name.startsWith("opentest4j")
                    && !name.startsWith("apiguardian") && !name.startsWith("surefire")) {
                jars.add(Path.of(entry).toAbsolutePath().toUri().toString());
            }
        }
        return jars;
    }

    /** Runs a command from {@code folder}, with {@code stdin}, and more environment. */
    static Run run(Path folder, Map<String, String> environment, String stdin, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
        builder.environment().remove("VIRT_STARTUP_POLICY_CONFIG");
        builder.environment().remove("VIRT_STARTUP_POLICY_JAVA_OPTS");
        builder.environment().remove("VIRT_STARTUP_POLICY_CDS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("installed", ".out");
        Path err = Files.createTempFile("installed", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // a command that reads nothing may exit before its input is written
            }
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("still running after 3 minutes: " + List.of(command));
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
