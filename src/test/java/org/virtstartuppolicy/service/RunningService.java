package org.virtstartuppolicy.service;

import org.virtstartuppolicy.evaluation.HostSelection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.virtstartuppolicy.config.Config;

/** The real service (Jetty on a Unix domain socket) started in the test's JVM, and requests to it over that socket. */
final class RunningService implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    final Path socket;
    final DecisionServer server;

    private RunningService(Path socket, DecisionServer server) {
        this.socket = socket;
        this.server = server;
    }

    /** @param root the host under test mounted there, or null for this machine's own files */
    static RunningService start(Path config, Path socket, Path root, long maxRequestBytes) {
        return start(config, socket, root, maxRequestBytes, Config.Service.DEFAULT_MAX_CONCURRENT_REQUESTS);
    }

    static RunningService start(Path config, Path socket, Path root, long maxRequestBytes, int maxConcurrentRequests) {
        PolicyService service = new PolicyService(config, new HostSelection(root, null));
        return new RunningService(socket, DecisionServer.start(service, socket, maxRequestBytes, maxConcurrentRequests, false));
    }

    static RunningService start(Path config, Path socket) {
        return start(config, socket, null, 1L << 20);
    }

    ServiceClient.Response get(String target) throws IOException {
        return ServiceClient.exchange(socket, "GET", target, Map.of(), null, TIMEOUT);
    }

    ServiceClient.Response post(String target, String body) throws IOException {
        return ServiceClient.exchange(socket, "POST", target, Map.of("Content-Type", "application/xml"),
                body.getBytes(StandardCharsets.UTF_8), TIMEOUT);
    }

    ServiceClient.Response raw(String request) throws IOException {
        return RawHttp.send(socket, request.getBytes(StandardCharsets.ISO_8859_1), TIMEOUT);
    }

    @Override
    public void close() {
        server.close();
    }
}
