package org.virtstartuppolicy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.cli.Main;
import org.virtstartuppolicy.image.QemuUser;

/** {@code hook} with a service section in the config: the service decides when it answers, else the hook does, or fails. */
class HookAsksTheServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path log;
    private Path socket;
    private String refused;

    private record Run(int code, String out, String err) {
    }

    @BeforeEach
    void host() throws IOException {
        log = dir.resolve("decisions.jsonl");
        socket = dir.resolve("run/socket");
        Path overlay = TestImages.qcow2(dir.resolve("scratch.qcow2"), "gone.qcow2", "qcow2");
        refused = TestDomains.domain(TestDomains.disk("file", "disk", "qcow2", overlay.toString(), null, "vda"));
    }

    private Path config(boolean fallback) throws IOException {
        QemuUser me = QemuUser.current();
        return Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid() + "}\n"
                + "decisionLog: " + log + "\nstateDir: " + dir.resolve("state") + "\n"
                + "service: {socket: " + socket + ", fallback: " + fallback + "}\n");
    }

    private static Run hook(Path config, String xml, String... more) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            List<String> args = new java.util.ArrayList<>(List.of("hook", "--config", config.toString()));
            args.addAll(List.of(more));
            args.addAll(List.of("guest", "prepare", "begin", "-"));
            int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute(args.toArray(String[]::new));
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    private String lastContextFrom() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return JSON.readTree(lines.get(lines.size() - 1)).get("contextFrom").asText();
    }

    @Test
    void theServiceDecidesWhenItAnswersAndTheHookWhenNoneDoes() throws IOException {
        Path config = config(true);
        Run inProcess = hook(config, refused, "--in-process");
        assertEquals(1, inProcess.code());
        assertTrue(lastContextFrom().startsWith("hook prepare begin"), lastContextFrom());

        try (RunningService service = RunningService.start(config, socket)) {
            Run asked = hook(config, refused);
            assertEquals(inProcess, asked, "the same answer either way");
            assertTrue(lastContextFrom().startsWith("service: hook prepare begin"), lastContextFrom());
        }

        Run fellBack = hook(config, refused);
        assertEquals(inProcess, fellBack);
        assertTrue(lastContextFrom().startsWith("hook prepare begin"), "decided in process: " + lastContextFrom());
    }

    @Test
    void withoutFallbackNoServiceFailsTheStart() throws IOException {
        Run run = hook(config(false), refused);
        assertEquals(2, run.code());
        assertTrue(run.err().contains("no decision service answers") && run.err().contains("service.fallback is false"),
                run.err());
        assertTrue(Files.notExists(log), "nothing was decided");
    }
}
