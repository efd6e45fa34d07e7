package org.virtstartuppolicy.service;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.hook.HookCall;

/**
 * One exchange with the decision service over its Unix domain socket, with Jetty's HTTP client:
 * what the hook asks the service with, and what the tests talk to it with.
 */
public final class ServiceClient {
    /** How long the hook waits for the service's answer before it gives up on it. */
    public static final Duration HOOK_TIMEOUT = Duration.ofSeconds(60);

    private ServiceClient() {
    }

    /** An answer: its status, its headers (names in lower case) and its body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Asks the service to decide a hook call.
     *
     * @return libvirt's answer, or empty when no service answers and the config lets the hook
     *         decide in process
     * @throws ToolError when no service answers and {@code fallback} is false, or the service
     *                   answers with an error
     */
    public static Optional<HookCall.Outcome> hook(Config.Service settings, String guest, String operation,
            String suboperation, String extra, byte[] xml) {
        Path socket = settings.socketPath();
        if (!Files.exists(socket)) {
            // the hook script runs the launcher so when no service runs: starting Jetty's client only
            // to be told that nothing listens would cost the guest's start some 0.15 s
            return unanswered(settings, "no such socket");
        }
        String target = "/v1/hook/" + encode(operation) + "?guest=" + encode(guest) + "&suboperation=" + encode(suboperation)
                + (extra == null ? "" : "&extra=" + encode(extra));
        Response response;
        try {
            response = exchange(socket, "POST", target, Map.of("Content-Type", "application/xml"), xml, HOOK_TIMEOUT);
        } catch (IOException e) {
            return unanswered(settings, e.getMessage());
        }
        return switch (response.status()) {
            case 200 -> Optional.of(new HookCall.Outcome(0, response.text(), ""));
            case 409 -> Optional.of(new HookCall.Outcome(1, "", response.text()));
            default -> throw new ToolError(socket + ": the decision service answered " + response.status() + ": "
                    + response.text().strip());
        };
    }

    /** No answer: decide in process (empty), or fail the start when the config's service.fallback is false. */
    private static Optional<HookCall.Outcome> unanswered(Config.Service settings, String why) {
        if (settings.fallsBack()) {
            return Optional.empty();
        }
        throw new ToolError(settings.socketPath() + ": no decision service answers (" + why + ") and service.fallback is"
                + " false");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Sends one request and reads the whole answer, with Jetty's HTTP client over the socket.
     *
     * @param body the request body, or null for none
     * @throws IOException when nothing listens on the socket, the connection breaks, or no
     *                     complete answer comes within {@code timeout}
     */
    public static Response exchange(Path socket, String method, String target, Map<String, String> headers, byte[] body,
            Duration timeout) throws IOException {
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(ClientConnector.forUnixDomain(socket)));
        try {
            client.start();
            Request request = client.newRequest("http://localhost" + target).method(method)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .headers(fields -> headers.forEach(fields::put));
            if (body != null) {
                request.body(new BytesRequestContent(headers.getOrDefault("Content-Type", "application/octet-stream"), body));
            }
            ContentResponse response = request.send();
            Map<String, String> answered = new LinkedHashMap<>();
            response.getHeaders().forEach(field -> answered.put(field.getName().toLowerCase(Locale.ROOT), field.getValue()));
            return new Response(response.getStatus(), answered, response.getContent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the decision service", e);
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause() == null ? e.getMessage() : e.getCause().getMessage(), e);
        } catch (Exception e) {
            throw new IOException("cannot reach the decision service: " + e.getMessage(), e);
        } finally {
            try {
                client.stop();
            } catch (Exception e) {
                // stopping a client that never connected has nothing to release
            }
        }
    }
}
