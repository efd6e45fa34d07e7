package org.virtstartuppolicy.service;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.virtstartuppolicy.ToolError;

/**
 * The decision service on its Unix domain socket: Jetty's Unix-domain connector over Java's own
 * UNIX {@code SocketChannel}, never a TCP port. It binds the socket itself ({@code 0600}, in a
 * folder it creates {@code 0700}), or serves the listening socket systemd hands it as standard
 * input ({@code StandardInput=socket}).
 */
public final class DecisionServer implements AutoCloseable {
    private final Server server;
    private final PolicyService service;
    private final Path socket;
    private final boolean inherited;

    private DecisionServer(Server server, PolicyService service, Path socket, boolean inherited) {
        this.server = server;
        this.service = service;
        this.socket = socket;
        this.inherited = inherited;
    }

    /**
     * Starts serving.
     *
     * @param socket          where to listen, unless a listening socket is inherited
     * @param inheritIfPassed serve the listening socket on standard input when there is one
     */
    public static DecisionServer start(PolicyService service, Path socket, long maxRequestBytes, int maxConcurrentRequests,
            boolean inheritIfPassed) {
        boolean inherited = inheritIfPassed && inheritedListener();
        Server server = server(service, maxRequestBytes, maxConcurrentRequests);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, http());
        if (inherited) {
            connector.setInheritChannel(true);
            // Jetty deletes its path when it stops: never systemd's socket, which outlives the service.
            connector.setUnixDomainPath(Path.of("/nonexistent/virt-startup-policy-inherited-socket"));
        } else {
            prepare(socket);
            connector.setUnixDomainPath(socket);
        }
        // A boot storm connects hundreds of hook calls at once: with a short backlog the kernel refuses
        // some (curl fails at once, and the hook script starts a JVM for each); waiting is cheaper.
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        try {
            server.start();
            if (!inherited) {
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (Exception e) {
            stop(server);
            throw new ToolError(socket + ": cannot serve: " + e.getMessage());
        }
        ServiceLog.event("listening on " + (inherited ? "the socket passed on standard input" : socket.toString())
                + ", domain XML up to limits.domainXmlBytes, other request bodies up to " + maxRequestBytes + " bytes, " + maxConcurrentRequests + " requests at once");
        return new DecisionServer(server, service, socket, inherited);
    }

    /**
     * The server without a connector: its threads, the API's handler behind a limit on requests
     * answered at once (more wait their turn, up to the hook's 60 s, then get 503; health and
     * metrics never wait), every request timed for {@code /metrics}, and plain one-line errors.
     */
    static Server server(PolicyService service, long maxRequestBytes, int maxConcurrentRequests) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("decision");
        Server server = new Server(threads);
        ServiceHandler api = new ServiceHandler(service, maxRequestBytes);
        QoSHandler limit = new QoSHandler(api);
        limit.setMaxRequestCount(maxConcurrentRequests);
        limit.setMaxSuspend(ServiceClient.HOOK_TIMEOUT);
        server.setHandler(new RequestRoutes(limit, api, service.metrics()));
        server.setErrorHandler(DecisionServer::plainError);
        return server;
    }

    /** HTTP/1.1 as the service speaks it: no server version, no date. */
    static HttpConnectionFactory http() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        return new HttpConnectionFactory(http);
    }

    /** Whether standard input is a listening socket (systemd's {@code StandardInput=socket}, inetd's wait mode). */
    private static boolean inheritedListener() {
        try {
            Channel channel = System.inheritedChannel();
            return channel instanceof ServerSocketChannel;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The socket's folder made (0700), and a stale socket of a service that is gone removed; a live one is never taken over. */
    private static void prepare(Path socket) {
        try {
            Path folder = socket.toAbsolutePath().getParent();
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS).isOther()) {
                    throw new ToolError(socket + ": exists and is not a socket; not replaced");
                }
                try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    probe.connect(UnixDomainSocketAddress.of(socket));
                    throw new ToolError(socket + ": a service already answers there");
                } catch (IOException e) {
                    Files.delete(socket); // nobody listens: left behind by a service that was killed
                }
            }
        } catch (IOException e) {
            throw new ToolError(socket + ": cannot prepare the socket: " + e.getMessage());
        }
    }

    /** Jetty's own refusals (a malformed request, headers too large) as one line of text, like the service's. */
    private static boolean plainError(Request request, org.eclipse.jetty.server.Response response,
            org.eclipse.jetty.util.Callback callback) {
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        String line = response.getStatus() + " " + (message == null ? "bad request" : message) + "\n";
        byte[] body = line.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, java.nio.ByteBuffer.wrap(body), callback);
        ServiceLog.event("refused a request Jetty could not take: " + line.strip());
        return true;
    }

    public Path socket() {
        return socket;
    }

    public boolean inherited() {
        return inherited;
    }

    public PolicyService service() {
        return service;
    }

    /** Serves until the JVM is told to stop. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        stop(server);
        service.close();
        ServiceLog.event("stopped");
    }

    private static void stop(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            ServiceLog.event("could not stop cleanly: " + e.getMessage());
        }
    }
}
