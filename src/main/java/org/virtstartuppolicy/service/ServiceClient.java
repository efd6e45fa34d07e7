package org.virtstartuppolicy.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URLEncoder;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.cli.HookCall;
import org.virtstartuppolicy.config.Config;

/**
 * One HTTP/1.1 exchange with the decision service over its Unix domain socket: a request with
 * {@code Connection: close}, the whole answer read to the end. It is what the hook asks the
 * service with, and what the tests talk to it with.
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
        String target = "/v1/hook/" + encode(operation) + "?guest=" + encode(guest) + "&suboperation=" + encode(suboperation)
                + (extra == null ? "" : "&extra=" + encode(extra));
        Response response;
        try {
            response = exchange(socket, "POST", target, Map.of("Content-Type", "application/xml"), xml, HOOK_TIMEOUT);
        } catch (IOException e) {
            if (settings.fallsBack()) {
                return Optional.empty();
            }
            throw new ToolError(socket + ": no decision service answers (" + e.getMessage()
                    + ") and service.fallback is false");
        }
        return switch (response.status()) {
            case 200 -> Optional.of(new HookCall.Outcome(0, response.text(), ""));
            case 409 -> Optional.of(new HookCall.Outcome(1, "", response.text()));
            default -> throw new ToolError(socket + ": the decision service answered " + response.status() + ": "
                    + response.text().strip());
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Sends one request and reads the whole answer.
     *
     * @param body the request body, or null for none
     * @throws IOException when nothing listens on the socket, the connection breaks, or no
     *                     complete answer comes within {@code timeout}
     */
    public static Response exchange(Path socket, String method, String target, Map<String, String> headers, byte[] body,
            Duration timeout) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> close(channel),
                    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Connection: close\r\n");
                headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
                if (body != null) {
                    head.append("Content-Length: ").append(body.length).append("\r\n");
                }
                head.append("\r\n");
                write(channel, head.toString().getBytes(StandardCharsets.UTF_8));
                if (body != null) {
                    write(channel, body);
                }
                return parse(readAll(channel));
            } catch (IOException e) {
                if (watchdog.isDone()) {
                    throw new IOException("no answer within " + timeout.toSeconds() + " s", e);
                }
                throw e;
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    /** Writes raw bytes and reads the whole answer: for requests no well-behaved client would send. */
    public static Response raw(Path socket, byte[] request, Duration timeout) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> close(channel),
                    CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS));
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
                try {
                    write(channel, request);
                } catch (IOException e) {
                    // the service may answer and close before it has read everything (a body too large)
                }
                return parse(readAll(channel));
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all the watchdog does
        }
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(16384);
        try {
            while (channel.read(buffer) >= 0) {
                all.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
        } catch (IOException e) {
            // a reset after a complete answer (the service closed without reading all we sent) still counts
            if (all.size() == 0) {
                throw e;
            }
        }
        return all.toByteArray();
    }

    static Response parse(byte[] bytes) throws IOException {
        int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new IOException("an incomplete HTTP answer (" + bytes.length + " bytes)");
        }
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + lines[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            if (body.length < length) {
                throw new IOException("the answer ended after " + body.length + " of " + length + " bytes");
            }
            body = java.util.Arrays.copyOf(body, length);
        }
        return new Response(Integer.parseInt(status[1]), headers, body);
    }

    private static byte[] unchunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(body, new byte[] {'\r', '\n'}, at);
            if (lineEnd < 0) {
                throw new IOException("a broken chunked answer");
            }
            String size = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                return out.toByteArray();
            }
            out.write(body, lineEnd + 2, length);
            at = lineEnd + 2 + length + 2;
        }
    }

    private static int indexOf(byte[] bytes, byte[] what, int from) {
        outer:
        for (int i = from; i <= bytes.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (bytes[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
