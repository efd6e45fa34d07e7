package org.virtstartuppolicy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.cli.Main;
import org.virtstartuppolicy.image.QemuUser;

/**
 * The shipped hook script (src/main/dist/virt-startup-policy-hook) with a real service on a
 * socket: it gets the service's answer with curl and runs no launcher; with a socket nobody
 * answers on, or a service that dies in the middle of the request, it runs the launcher with
 * {@code --service-unanswered}. The launcher is a stand-in that records that it ran.
 */
class HookScriptAsksTheServiceTest {
    private static final Path HOOK = Path.of("src/main/dist/virt-startup-policy-hook").toAbsolutePath();

    @TempDir
    Path dir;

    private Path config;
    private Path socket;
    private Path launcher;
    private String refused;
    private String healthy;

    private record Run(int code, String out, String err) {
    }

    @BeforeEach
    void host() throws IOException {
        assumeTrue(onPath("curl"), "curl is not installed");
        socket = dir.resolve("run/socket");
        Files.createDirectories(socket.getParent());
        QemuUser me = QemuUser.current();
        config = Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid() + "}\n"
                + "stateDir: " + dir.resolve("state") + "\nservice: {socket: " + socket + "}\n");
        Path overlay = TestImages.qcow2(dir.resolve("scratch.qcow2"), "gone.qcow2", "qcow2");
        refused = TestDomains.domain(TestDomains.disk("file", "disk", "qcow2", overlay.toString(), null, "vda"));
        Path base = TestImages.raw(dir.resolve("base.raw"));
        healthy = TestDomains.domain(TestDomains.disk("file", "disk", "raw", base.toString(), null, "vda"));
        launcher = Files.writeString(dir.resolve("launcher"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > '"
                + dir.resolve("launched") + "'\ncat > /dev/null\necho 'the launcher decided' >&2\nexit 7\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    }

    private static boolean onPath(String command) {
        return List.of(System.getenv("PATH").split(":")).stream().anyMatch(folder -> Files.isExecutable(Path.of(folder, command)));
    }

    private Run script(String xml) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(HOOK.toString(), "guest", "prepare", "begin", "-");
        builder.environment().put("VIRT_STARTUP_POLICY_SOCKET", socket.toString());
        builder.environment().put("VIRT_STARTUP_POLICY_LAUNCHER", launcher.toString());
        builder.environment().put("VIRT_STARTUP_POLICY_CONFIG", config.toString());
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(xml.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the hook script hung");
        }
        return new Run(process.exitValue(), out, err);
    }

    private Run inProcess(String xml) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("hook",
                    "--config", config.toString(), "--in-process", "guest", "prepare", "begin", "-");
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    private String launched() throws IOException {
        Path file = dir.resolve("launched");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void withTheServiceRunningTheScriptGetsItsAnswerAndStartsNoJvm() throws Exception {
        try (RunningService service = RunningService.start(config, socket)) {
            assertEquals(inProcess(refused), script(refused));
            assertEquals(inProcess(healthy), script(healthy));
        }
        assertEquals("", launched(), "the launcher ran");
    }

    /**
     * A definition over the service's old 1 MiB request limit and under limits.domainXmlBytes (4 MiB):
     * the hook in process, the shipped script asking the service, and POST /v1/decisions decide it alike.
     */
    @Test
    void aTwoMebibyteDefinitionIsDecidedAlikeThroughEveryDoor() throws Exception {
        String large = refused.replace("<devices>", "<description>" + "a long description ".repeat(115_000)
                + "</description>\n  <devices>");
        assertTrue(large.length() > 2 << 20, "the definition is " + large.length() + " bytes");
        Run inProcess = inProcess(large);
        assertEquals(1, inProcess.code(), inProcess.err());
        assertTrue(inProcess.err().contains("Cannot access backing file"), inProcess.err());
        try (RunningService service = RunningService.start(config, socket)) {
            assertEquals(inProcess, script(large));
            ServiceClient.Response decision = service.post("/v1/decisions", large);
            assertEquals(200, decision.status(), decision.text());
            JsonNode json = new ObjectMapper().readTree(decision.text());
            assertEquals("fail", json.path("verdict").asText());
            assertTrue(inProcess.err().contains(json.path("errors").path(0).path("message").asText()), decision.text());
        }
        assertEquals("", launched(), "the launcher ran");
    }

    @Test
    void withoutASocketTheScriptRunsTheLauncherWhichAppliesTheConfig() throws Exception {
        assertEquals(new Run(7, "", "the launcher decided\n"), script(refused));
        assertEquals("hook\nguest\nprepare\nbegin\n-\n", launched());
    }

    @Test
    void aSocketNobodyAnswersOnFallsBackWithoutAskingAgain() throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertEquals(new Run(7, "", "the launcher decided\n"), script(refused));
        assertEquals("hook\n--service-unanswered\nguest\nprepare\nbegin\n-\n", launched());
    }

    @Test
    void aServiceKilledInTheMiddleOfTheRequestFallsBack() throws Exception {
        try (ServerSocketChannel dying = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dying.bind(UnixDomainSocketAddress.of(socket));
            Thread killed = new Thread(() -> {
                try (SocketChannel request = dying.accept()) {
                    request.read(ByteBuffer.allocate(64));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            killed.start();
            Run run = script(refused);
            killed.join();
            assertEquals(new Run(7, "", "the launcher decided\n"), run);
        }
        assertEquals("hook\n--service-unanswered\nguest\nprepare\nbegin\n-\n", launched());
    }

    @Test
    void afterAnUnansweredScriptTheToolFailsTheStartWhenFallbackIsOff() throws IOException {
        Files.writeString(config, Files.readString(config).replace("service: {socket: " + socket + "}",
                "service: {socket: " + socket + ", fallback: false}"));
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err)).execute("hook", "--config", config.toString(),
                "--service-unanswered", "guest", "prepare", "begin", "-");
        assertEquals(2, code);
        assertEquals("virt-startup-policy: " + socket + ": no decision service answered the hook script and"
                + " service.fallback is false\n", err.toString());
        assertFalse(Files.exists(dir.resolve("state")) && Files.list(dir.resolve("state")).findAny().isPresent());
    }
}
