package org.virtstartuppolicy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.image.QemuUser;

/** 32 decisions at once: each answered on its own, correctly, within 2 s, and each logged whole. */
class ServiceConcurrencyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int AT_ONCE = 32;

    @TempDir
    Path dir;

    private record Answer(int index, int status, JsonNode document, long millis) {
    }

    @Test
    void thirtyTwoDecisionsAtOnceAreAllAnsweredAndAllLogged() throws Exception {
        Path log = dir.resolve("decisions.jsonl");
        QemuUser me = QemuUser.current();
        Path config = Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid() + "}\n"
                + "decisionLog: " + log + "\n");
        Path present = TestImages.raw(dir.resolve("system.raw"));
        Path overlay = TestImages.qcow2(dir.resolve("scratch.qcow2"), "gone.qcow2", "qcow2");
        // half the guests may start (the overlay optional), half may not (mandatory): each answer must be its own
        List<String> guests = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            guests.add(TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                    TestDomains.disk("file", "disk", "qcow2", overlay.toString(), i % 2 == 0 ? "optional" : "mandatory", "vdb"))
                    .replace("<name>guest</name>", "<name>guest" + i + "</name>"));
        }
        try (RunningService service = RunningService.start(config, dir.resolve("socket"))) {
            assertEquals(200, service.post("/v1/decisions", guests.get(0)).status(), "warm-up");
            ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < AT_ONCE; i++) {
                int index = i;
                futures.add(pool.submit((Callable<Answer>) () -> {
                    go.await();
                    long start = System.nanoTime();
                    ServiceClient.Response response = service.post("/v1/decisions?context=cold-boot", guests.get(index));
                    return new Answer(index, response.status(), JSON.readTree(response.text()),
                            (System.nanoTime() - start) / 1_000_000);
                }));
            }
            go.countDown();
            long slowest = 0;
            for (Future<Answer> future : futures) {
                Answer answer = future.get();
                assertEquals(200, answer.status());
                assertEquals("guest" + answer.index(), answer.document().get("domain").asText());
                assertEquals(answer.index() % 2 == 0 ? "start" : "fail", answer.document().get("verdict").asText());
                slowest = Math.max(slowest, answer.millis());
            }
            pool.shutdown();
            assertTrue(slowest <= 2000, "the slowest answer took " + slowest + " ms");
            System.out.println("32 concurrent decisions: slowest " + slowest + " ms");

            List<String> lines = Files.readAllLines(log);
            assertEquals(AT_ONCE + 1, lines.size());
            Set<String> domains = new HashSet<>();
            for (String line : lines.subList(1, lines.size())) {
                domains.add(JSON.readTree(line).get("domain").asText()); // every line whole JSON
            }
            assertEquals(AT_ONCE, domains.size());
        }
    }

    /**
     * service.maxConcurrentRequests: with one request at a time, a request whose body is still
     * coming holds the only slot, and the next waits until it is done, then is answered.
     */
    @Test
    void overTheConcurrencyLimitARequestWaitsItsTurn() throws Exception {
        QemuUser me = QemuUser.current();
        Path config = Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid() + "}\n");
        Path present = TestImages.raw(dir.resolve("system.raw"));
        String guest = TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"));
        byte[] body = guest.getBytes(StandardCharsets.UTF_8);
        try (RunningService service = RunningService.start(config, dir.resolve("socket"), null, 1L << 20, 1);
             SocketChannel slow = SocketChannel.open(
                     UnixDomainSocketAddress.of(service.socket))) {
            slow.write(ByteBuffer.wrap(("POST /v1/decisions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8)));
            slow.write(ByteBuffer.wrap(body, 0, 10));
            Thread.sleep(300); // the slow request is in the handler, reading its body

            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<ServiceClient.Response> next = pool.submit(() -> service.post("/v1/decisions", guest));
            Thread.sleep(1000);
            assertTrue(!next.isDone(), "answered while the only slot was taken");

            slow.write(ByteBuffer.wrap(body, 10, body.length - 10));
            assertEquals(200, next.get(30, TimeUnit.SECONDS).status());
            pool.shutdown();
        }
    }
}
