package org.virtstartuppolicy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.cli.Main;
import org.virtstartuppolicy.image.QemuUser;

/**
 * Every endpoint of the real service, on a socket in a temporary folder, against what the
 * command line decides in process for the same config.
 */
class DecisionServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path config;
    private Path log;
    private Path present;
    private Path overlay;
    private RunningService service;

    @BeforeEach
    void start() throws IOException {
        log = dir.resolve("decisions.jsonl");
        QemuUser me = QemuUser.current();
        config = Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid() + "}\n"
                + "decisionLog: " + log + "\nlogEvaluate: true\nstateDir: " + dir.resolve("state") + "\n");
        present = TestImages.raw(dir.resolve("system.raw"));
        overlay = TestImages.qcow2(dir.resolve("scratch.qcow2"), "gone.qcow2", "qcow2");
        service = RunningService.start(config, dir.resolve("run/socket"));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private String guest(String policy) {
        return TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                TestDomains.disk("file", "disk", "qcow2", overlay.toString(), policy, "vdb"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("gone.iso").toString(), "optional", "sda"));
    }

    /** What the command line prints and returns, run in this JVM with {@code stdin} as standard input. */
    private record Run(int code, String out, String err) {
    }

    private Run cli(String stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
            return new Run(code, out.toString(), err.toString());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void theSocketIsForRootAloneInAFolderOfItsOwn() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(service.socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(service.socket.getParent())));
    }

    @Test
    void aDecisionIsTheDocumentEvaluatePrintsAndIsLoggedAsTheService() throws IOException {
        Path domain = Files.writeString(dir.resolve("guest.xml"), guest("optional"));
        for (String context : List.of("cold-boot", "restore", "migrate", "revert")) {
            ServiceClient.Response answer = service.post("/v1/decisions?context=" + context, guest("optional"));
            assertEquals(200, answer.status(), answer.text());
            assertEquals("application/json", answer.headers().get("content-type"));
            Run evaluate = cli("", "evaluate", "--config", config.toString(), "--context", context, "--output", "json",
                    domain.toString());
            assertEquals(JSON.readTree(evaluate.out()), JSON.readTree(answer.text()), context);
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(8, lines.size(), "four by the service, four by evaluate");
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("service: ?context=cold-boot", first.get("contextFrom").asText());
        assertEquals("service: POST /v1/decisions", first.get("origin").asText());
        assertEquals("evaluate", JSON.readTree(lines.get(1)).get("origin").asText());
        assertEquals(JSON.readTree(lines.get(1)).get("rulesDigest"), first.get("rulesDigest"));
        assertEquals("evaluate --context", JSON.readTree(lines.get(1)).get("contextFrom").asText());
    }

    @Test
    void withoutAContextTheConfigsDefaultIsUsedAndExplainAddsTheTrace() throws IOException {
        ServiceClient.Response answer = service.post("/v1/decisions?explain=true", guest("optional"));
        assertEquals(200, answer.status(), answer.text());
        JsonNode document = JSON.readTree(answer.text());
        assertEquals("cold-boot", document.get("context").asText());
        assertTrue(document.get("disks").get(1).has("trace"));
        assertEquals("service: the default context", JSON.readTree(Files.readAllLines(log).get(0)).get("contextFrom").asText());
    }

    @Test
    void aHookCallIsDecidedAsTheHookCommandDecidesIt() throws IOException {
        // prepare that must fail: 409 with exactly what hook prints on standard error
        ServiceClient.Response refused = service.post("/v1/hook/prepare?guest=guest&suboperation=begin&extra=-", guest(null));
        Run hook = cli(guest(null), "hook", "--config", config.toString(), "guest", "prepare", "begin", "-");
        assertEquals(409, refused.status());
        assertEquals(1, hook.code());
        assertEquals(hook.err(), refused.text());
        assertTrue(refused.text().startsWith("virt-startup-policy: guest guest: vdb: Cannot access backing file"));

        // prepare that may go on: 200, nothing
        ServiceClient.Response goOn = service.post("/v1/hook/prepare?guest=guest&suboperation=begin&extra=-", guest("optional"));
        assertEquals(200, goOn.status());
        assertEquals("", goOn.text());

        // started begin completes the start that went on with its outcome: here the live definition
        // still has vdb, which the decision removed
        long logged = Files.readAllLines(log).size();
        String allowed = JSON.readTree(Files.readAllLines(log).get((int) logged - 1)).get("decisionId").asText();
        assertEquals(200, service.post("/v1/hook/started?guest=guest&suboperation=begin&extra=-", guest(null)).status());
        List<String> lines = Files.readAllLines(log);
        assertEquals(logged + 1, lines.size());
        JsonNode outcome = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("outcome", outcome.get("kind").asText());
        assertEquals(allowed, outcome.get("decisionId").asText());
        assertEquals("started", outcome.get("outcome").asText());
        assertTrue(outcome.get("differs").asBoolean(), outcome.toString());

        // operations the hook does not act on (and a start no longer pending): 200, nothing, nothing logged
        assertEquals(200, service.post("/v1/hook/started?guest=guest&suboperation=begin&extra=-", guest(null)).status());
        assertEquals(200, service.post("/v1/hook/prepare?guest=guest&suboperation=end&extra=-", guest(null)).status());
        assertEquals(logged + 1, Files.readAllLines(log).size());

        JsonNode line = JSON.readTree(Files.readAllLines(log).get(0));
        assertTrue(line.get("contextFrom").asText().startsWith("service: hook prepare begin"), line.toString());
        assertEquals("service: hook prepare begin", line.get("origin").asText());
    }

    @Test
    void aRestoreLeavesItsNoteForThePrepareAndHandsBackTheSitesDefinition() throws IOException {
        Files.writeString(config, "rules:\n  site: [" + Path.of("rules/tests/site-rules/drop-missing.drl").toAbsolutePath()
                + "]\n", StandardOpenOption.APPEND);
        String xml = TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("gone.iso").toString(), "mandatory", "sda"));
        ServiceClient.Response restore = service.post("/v1/hook/restore?guest=guest&suboperation=begin&extra=-", xml);
        assertEquals(200, restore.status(), restore.text());
        assertEquals("application/xml", restore.headers().get("content-type"));
        Run hook = cli(xml, "hook", "--config", config.toString(), "guest", "restore", "begin", "-");
        assertEquals(0, hook.code(), hook.err());
        assertEquals(hook.out(), restore.text());
        assertFalse(restore.text().contains("gone.iso"));

        ServiceClient.Response prepare = service.post("/v1/hook/prepare?guest=guest&suboperation=begin&extra=-", xml);
        assertEquals(200, prepare.status());
        List<String> lines = Files.readAllLines(log);
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("restore", last.get("context").asText());
        assertEquals("service: hook prepare begin after restore begin (its note)", last.get("contextFrom").asText());
    }

    @Test
    void healthAndRulesSayWhatIsInForce() throws IOException {
        ServiceClient.Response health = service.get("/v1/health");
        assertEquals(200, health.status());
        JsonNode h = JSON.readTree(health.text());
        assertEquals("ok", h.get("status").asText());
        assertFalse(h.get("rulesError").asBoolean());

        ServiceClient.Response rules = service.get("/v1/rules");
        assertEquals(200, rules.status());
        JsonNode r = JSON.readTree(rules.text());
        assertEquals(h.get("rulesDigest"), r.get("digest"));
        assertTrue(r.get("files").toString().contains("rules/libvirt/30-action.drl"), r.get("files").toString());
        assertTrue(r.get("rules").size() > 10);
        assertTrue(r.get("rules").get(0).has("file"));
        assertTrue(r.get("error").isNull());
        Run check = cli("", "check", "--config", config.toString());
        assertEquals(0, check.code());
    }

    @Test
    void badRequestsGetAClearStatusAndLeaveTheServiceServing() throws IOException {
        String doctype = "<?xml version='1.0'?>\n<!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n<domain>&x;</domain>";
        assertStatus(400, "malformed XML", service.post("/v1/decisions", "this is not XML"));
        assertStatus(400, "DOCTYPE", service.post("/v1/decisions", doctype));
        assertStatus(400, "not a libvirt domain", service.post("/v1/decisions", "<pool/>"));
        assertStatus(400, "no body", service.post("/v1/decisions", ""));
        assertStatus(400, "context", service.post("/v1/decisions?context=reboot", guest("optional")));
        assertStatus(400, "guest and suboperation", service.post("/v1/hook/prepare", guest("optional")));
        // found by ServiceRequestFuzzTest: a broken %-escape in the query was a 500
        assertStatus(400, "bad query", service.raw("POST /v1/decisions?context=%zz HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\nContent-Length: 8\r\n\r\n<domain>"));
        assertStatus(405, "use POST", service.get("/v1/decisions"));
        assertStatus(405, "use GET", service.post("/v1/health", "x"));
        assertEquals("POST", service.get("/v1/hook/prepare").headers().get("allow"));
        assertStatus(404, "no such resource", service.get("/v2/decisions"));
        assertStatus(404, "no such resource", service.post("/v1/hook/prepare/more", "x"));
        // declared too large: refused on its Content-Length, before a byte of the body is read
        assertStatus(413, "over the limit", service.raw("POST /v1/decisions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Length: 5000000\r\n\r\n<domain>"));
        // too large without a length (chunked): refused once limits.domainXmlBytes (4 MiB) is passed
        String chunk = "<!--" + "x".repeat(65536) + "-->";
        StringBuilder chunked = new StringBuilder("POST /v1/decisions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < 70; i++) {
            chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        assertStatus(413, "over the limit", service.raw(chunked.toString()));
        // not HTTP at all: Jetty refuses it, one line of text
        ServiceClient.Response garbage = service.raw("HELLO\r\n\r\n");
        assertEquals(400, garbage.status());
        assertFalse(garbage.text().contains("<html"), garbage.text());

        ServiceClient.Response after = service.post("/v1/decisions", guest("optional"));
        assertEquals(200, after.status(), "the service still serves: " + after.text());
        assertEquals(1, Files.readAllLines(log).size(), "only the good request was decided");
    }

    private static void assertStatus(int status, String says, ServiceClient.Response response) {
        assertEquals(status, response.status(), response.text());
        assertTrue(response.text().contains(says), response.text());
        assertEquals(1, response.text().strip().lines().count(), "one line: " + response.text());
    }
}
