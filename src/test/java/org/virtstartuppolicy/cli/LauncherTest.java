package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.image.QemuUser;

/**
 * The launcher (src/main/dist/virt-startup-policy), installed in a folder of its own with a jar
 * of this build: it runs from any folder and through a link, makes its class-data-sharing
 * archive for the Java it runs on, uses it from then on, makes it again for another Java or jar,
 * and never lets the JVM say a word about an archive that does not fit.
 */
class LauncherTest {
    private static final Path HOST = Path.of("src/examples/classic/host").toAbsolutePath();
    private static final Path GUEST = Path.of("src/examples/classic/fedora18.xml").toAbsolutePath();

    @TempDir
    Path dir;

    private static List<String> evaluate() {
        QemuUser me = QemuUser.current();
        return List.of("evaluate", "--output", "json", "--as-user", me.uid() + ":" + me.gid(), "--root", HOST.toString(),
                GUEST.toString());
    }

    private static Installed.Run expected() {
        CommandRun run = CommandRun.of(evaluate().toArray(String[]::new));
        return new Installed.Run(run.exitCode(), run.out(), run.err());
    }

    /** Runs the example through the launcher; compiled rules, if any, are cached in the test's folder. */
    private Installed.Run launch(Path folder, Path launcher, Map<String, String> environment)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(evaluate());
        Path config = Files.writeString(dir.resolve("config.yaml"), "cacheDir: " + dir.resolve("cache") + "\n");
        Map<String, String> all = new java.util.HashMap<>(Map.of("VIRT_STARTUP_POLICY_CONFIG", config.toString()));
        all.putAll(environment);
        return Installed.run(folder, all, "", command.toArray(String[]::new));
    }

    private static String javaOf(Path javaHome) throws IOException {
        return javaHome.resolve("bin/java").toRealPath().toString();
    }

    /**
     * One installation through its life: run with sharing off (no archive), then from any folder
     * through a link (the archive made once, then used), then with a training that failed for
     * this Java and jar (not tried again). Each archive costs seconds to make: the steps share one.
     */
    @Test
    void runsFromAnyFolderThroughALinkMakesItsArchiveOnceUsesItAndNeverRetriesAFailedTraining() throws Exception {
        Path launcher = Installed.tool(dir.resolve("lib/virt-startup-policy"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("virt-startup-policy"), launcher);
        Path archive = launcher.resolveSibling("virt-startup-policy.jsa");
        Path id = launcher.resolveSibling("virt-startup-policy.jsa.id");
        Installed.Run expected = expected();

        assertEquals(expected, launch(dir, launcher, Map.of("VIRT_STARTUP_POLICY_CDS", "off")));
        assertFalse(Files.exists(archive), "no archive with sharing off");
        assertFalse(Files.exists(id));

        Installed.Run first = launch(Path.of("/"), bin.resolve("virt-startup-policy"), Map.of());
        assertEquals(expected, first);
        assertTrue(Files.size(archive) > 1_000_000, "an archive was made");
        assertTrue(Files.readString(id).startsWith("java=" + javaOf(Path.of(System.getProperty("java.home"))) + " jar="
                + launcher.resolveSibling("virt-startup-policy.jar").toRealPath()), Files.readString(id));
        FileTime made = Files.getLastModifiedTime(archive);

        // through the link by a relative path, from another folder
        Path classLog = dir.resolve("classes.log");
        Installed.Run second = launch(dir, Path.of("bin/virt-startup-policy"),
                Map.of("VIRT_STARTUP_POLICY_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog));
        assertEquals(first, second);
        assertEquals(made, Files.getLastModifiedTime(archive), "the archive is made once");
        assertTrue(Files.readAllLines(classLog).stream().anyMatch(line -> line.contains(" " + Main.class.getName() + " ")
                && line.contains("shared objects file")), "the tool's classes come from the archive");

        // a training that failed for this Java and jar
        String madeFor = Files.readString(id);
        Files.delete(archive);
        Files.writeString(id, "none " + madeFor);
        assertEquals(expected, launch(dir, launcher, Map.of()));
        assertFalse(Files.exists(archive), "a failed training is not run again for the same Java and jar");
        assertEquals("none " + madeFor, Files.readString(id));
    }

    /**
     * The hook with a decision service in its config but no socket (the service stopped, or not
     * started yet): the hook script then runs the launcher, which decides as with no service and
     * loads no HTTP client (its classes cost a start some 0.15 s). With a socket file that nobody
     * answers on, it does try the client: the check of the class log can fail.
     */
    @Test
    void theHookWithoutTheServicesSocketDecidesAsWithoutAServiceAndLoadsNoHttpClient() throws Exception {
        Path launcher = Installed.tool(dir.resolve("lib"));
        String xml = Files.readString(GUEST);
        String settings = "cacheDir: " + dir.resolve("cache") + "\nstateDir: " + dir.resolve("state") + "\n";
        Path socket = dir.resolve("socket");
        Path plain = Files.writeString(dir.resolve("plain.yaml"), settings);
        Path served = Files.writeString(dir.resolve("served.yaml"), settings + "service: {socket: " + socket + "}\n");
        Installed.Run alone = hook(launcher, plain, xml, dir.resolve("alone.log"));
        assertEquals(1, alone.exitCode(), alone.err()); // the example's files are not on this machine

        Installed.Run noSocket = hook(launcher, served, xml, dir.resolve("no-socket.log"));
        assertEquals(alone, noSocket);
        assertFalse(loadsTheHttpClient(dir.resolve("no-socket.log")), "the HTTP client was loaded");

        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        Installed.Run deadSocket = hook(launcher, served, xml, dir.resolve("dead-socket.log"));
        assertEquals(alone, deadSocket);
        assertTrue(loadsTheHttpClient(dir.resolve("dead-socket.log")), "a socket file is asked");
    }

    private static Installed.Run hook(Path launcher, Path config, String xml, Path classLog) throws Exception {
        return Installed.run(launcher.getParent(), Map.of("VIRT_STARTUP_POLICY_CONFIG", config.toString(),
                "VIRT_STARTUP_POLICY_CDS", "off", "VIRT_STARTUP_POLICY_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog),
                xml, launcher.toString(), "hook", "fedora18", "prepare", "begin", "-");
    }

    /** Whether Jetty's HttpClient itself was loaded (checking ServiceClient loads a few interfaces it names). */
    private static boolean loadsTheHttpClient(Path classLog) throws IOException {
        return Files.readAllLines(classLog).stream()
                .anyMatch(line -> line.contains(" org.eclipse.jetty.client.HttpClient source:"));
    }

    @Test
    void anArchiveForAnotherJavaOrJarIsMadeAgainAndOneTheJvmRefusesIsIgnoredWithoutAWord() throws Exception {
        Path launcher = Installed.tool(dir.resolve("lib"));
        Path archive = launcher.resolveSibling("virt-startup-policy.jsa");
        Path id = launcher.resolveSibling("virt-startup-policy.jsa.id");
        Installed.Run expected = expected();

        // an archive and its id for another Java: made again, for this one
        Files.writeString(archive, "an archive of another Java\n");
        Files.writeString(id, "java=/opt/another/bin/java jar=" + launcher.resolveSibling("virt-startup-policy.jar")
                + " 1:1 2:2\n");
        assertEquals(expected, launch(dir, launcher, Map.of()));
        String madeFor = Files.readString(id);
        assertTrue(madeFor.startsWith("java=" + javaOf(Path.of(System.getProperty("java.home"))) + " "), madeFor);
        assertTrue(Files.size(archive) > 1_000_000, "a real archive");

        // an archive the JVM refuses, under the right id: no warning, on either stream, and not made again
        Files.delete(archive);
        Files.writeString(archive, "not an archive\n");
        assertEquals(expected, launch(dir, launcher, Map.of()));
        assertEquals(madeFor, Files.readString(id));
        assertEquals("not an archive\n", Files.readString(archive));
    }

    @Test
    void onAnotherInstalledJavaItMakesAnArchiveForThatJava() throws Exception {
        Optional<Path> other = anotherJava();
        Assumptions.assumeTrue(other.isPresent(), "no other Java 17 or newer under /usr/lib/jvm");
        Path launcher = Installed.tool(dir.resolve("lib"));

        Installed.Run run = launch(dir, launcher, Map.of("JAVA_HOME", other.get().toString()));
        assertEquals(expected(), run);
        assertTrue(Files.readString(launcher.resolveSibling("virt-startup-policy.jsa.id"))
                .startsWith("java=" + javaOf(other.get()) + " "));
        assertFalse(Files.exists(dir.resolve("cache")), "the baseline's executable model, compiled for Java 17, serves"
                + " this Java too: nothing compiled, nothing cached");
    }

    /** A JDK of version 17 or newer other than the one running the tests. */
    private static Optional<Path> anotherJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        String mine = javaOf(Path.of(System.getProperty("java.home")));
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : homes.sorted().toList()) {
                Path release = home.resolve("release");
                if (!Files.isExecutable(home.resolve("bin/java")) || !Files.exists(release)
                        || javaOf(home).equals(mine)) {
                    continue;
                }
                String version = Files.readAllLines(release).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                        .map(l -> l.replaceAll("[^0-9.]", "")).findFirst().orElse("0");
                if (Integer.parseInt(version.split("\\.")[0]) >= 17) {
                    return Optional.of(home);
                }
            }
        }
        return Optional.empty();
    }
}
