package org.virtstartuppolicy.service;

import org.virtstartuppolicy.evaluation.HostSelection;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.image.QemuUser;

/**
 * Any request a client of the socket may send (method, path, query, headers, body), through the
 * service's own Jetty set-up and handler on an in-memory connector: an answer within the time
 * bound: a refusal in one line, or a decision; never the service's own 500.
 */
class ServiceRequestFuzzTest {
    private static final long MAX_REQUEST_BYTES = 64 * 1024;
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");
    private static final List<String> PATHS = List.of("/v1/decisions", "/v1/hook/prepare", "/v1/hook/restore",
            "/v1/hook/migrate", "/v1/hook/started", "/v1/health", "/v1/rules", "/v1/hook/", "/v1/hook/prepare/x",
            "/v1/decisions/../health", "/", "/v1/%00", "//v1/health");
    private static final List<String> QUERIES = List.of("", "?context=cold-boot", "?context=restore&explain=true",
            "?context=bogus", "?guest=g&suboperation=begin&extra=-", "?guest=&suboperation=begin",
            "?guest=g%20h&suboperation=end", "?context=migrate&context=revert");
    private static final List<String> TYPES = List.of("application/xml", "text/xml; charset=utf-8", "application/json",
            "text/plain", "multipart/form-data; boundary=x");

    private static final Host HOST = Host.start();

    /** The service on a host in a temporary folder: a healthy raw image and a qcow2 whose backing file is gone. */
    private record Host(Server server, LocalConnector connector, List<String> bodies) {
        static Host start() {
            try {
                Path dir = Files.createTempDirectory("service-fuzz");
                QemuUser me = QemuUser.current();
                Path config = Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: "
                        + me.gid() + "}\nstateDir: " + dir.resolve("state") + "\n");
                Path images = Files.createDirectories(dir.resolve("root/images"));
                TestImages.raw(images.resolve("base.raw"));
                TestImages.qcow2(images.resolve("overlay.qcow2"), "gone.qcow2", "qcow2");
                List<String> bodies = List.of(
                        TestDomains.domain(TestDomains.disk("file", "disk", "raw", "/images/base.raw", null, "vda")),
                        TestDomains.domain(TestDomains.disk("file", "cdrom", "qcow2", "/images/overlay.qcow2",
                                "optional", "hdc")),
                        TestDomains.domain(TestDomains.disk("file", "disk", "qcow2", "/images/overlay.qcow2", null, "vda")));
                Server server = DecisionServer.server(new PolicyService(config, new HostSelection(dir.resolve("root"), null)), MAX_REQUEST_BYTES, 4);
                LocalConnector connector = new LocalConnector(server, DecisionServer.http());
                server.addConnector(connector);
                server.start();
                return new Host(server, connector, bodies);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the service", e);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anyRequestGetsAnAnswerAndNeverAServerError(FuzzedDataProvider data) throws Exception {
        String method = data.consumeBoolean() ? data.pickValue(METHODS) : data.consumeString(8);
        String target = (data.consumeBoolean() ? data.pickValue(PATHS) : "/" + data.consumeString(40))
                + (data.consumeBoolean() ? data.pickValue(QUERIES) : "?" + data.consumeString(40));
        StringBuilder headers = new StringBuilder("Host: localhost\r\n");
        if (data.consumeBoolean()) {
            headers.append("Content-Type: ").append(data.consumeBoolean() ? data.pickValue(TYPES) : data.consumeString(30))
                    .append("\r\n");
        }
        if (data.consumeBoolean()) {
            headers.append(data.consumeString(20)).append(": ").append(data.consumeString(40)).append("\r\n");
        }
        byte[] body = switch (data.consumeInt(0, 3)) {
            case 0 -> new byte[0];
            case 1 -> data.pickValue(HOST.bodies()).getBytes(StandardCharsets.UTF_8);
            case 2 -> mutated(data.pickValue(HOST.bodies()), data);
            default -> data.consumeRemainingAsBytes();
        };
        byte[] head = (method + " " + target + " HTTP/1.1\r\n" + headers + "Content-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer request = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();

        String answer = answer(request);
        int status = status(answer);
        // 500 is the service failing; Jetty's own protocol refusals (400, 431, 505, …) are answers
        if (status == 500) {
            throw new AssertionError("a server error for " + method + " " + target + ": " + answer);
        }
        String refusal = body(answer).strip();
        if (status == 409) {
            // the hook refusing a start: a line for each error, as the hook prints them for libvirt
            if (!refusal.lines().allMatch(line -> line.startsWith("virt-startup-policy: "))) {
                throw new AssertionError("a hook refusal with a line not in the tool's form: " + answer);
            }
        } else if (status >= 400 && refusal.contains("\n")) {
            throw new AssertionError("a refusal of more than one line: " + answer);
        }
    }

    /** A known body with fuzzer bytes spliced in: close enough to a domain to reach the decision. */
    private static byte[] mutated(String xml, FuzzedDataProvider data) {
        int at = data.consumeInt(0, xml.length());
        return (xml.substring(0, at) + data.consumeString(60) + xml.substring(at)).getBytes(StandardCharsets.UTF_8);
    }

    private static String answer(ByteBuffer request) throws Exception {
        ByteBuffer response = HOST.connector().getResponse(request, 10, TimeUnit.SECONDS);
        if (response == null) {
            throw new AssertionError("no answer within 10 s");
        }
        return StandardCharsets.UTF_8.decode(response).toString();
    }

    private static int status(String answer) {
        if (!answer.startsWith("HTTP/1.1 ") || answer.length() < 12) {
            throw new AssertionError("not an HTTP answer: " + answer);
        }
        return Integer.parseInt(answer.substring(9, 12));
    }

    private static String body(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        return end < 0 ? "" : answer.substring(end + 4);
    }
}
