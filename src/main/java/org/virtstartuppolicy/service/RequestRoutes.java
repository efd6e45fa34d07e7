package org.virtstartuppolicy.service;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Where every request enters: it is timed until its answer is written whole (the wait for a turn
 * and a 503 from the limit included) and counted under its route; the monitoring requests
 * (health, metrics) are answered at once, never queued behind decisions, so that a busy service
 * is not taken for a dead one.
 */
final class RequestRoutes extends Handler.Wrapper {
    private final Handler api;
    private final ServiceMetrics metrics;

    /**
     * @param limited the API behind the limit on requests answered at once
     * @param api     the same API, unlimited
     */
    RequestRoutes(Handler limited, Handler api, ServiceMetrics metrics) {
        super(limited);
        this.api = api;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        String route = route(Request.getPathInContext(request));
        String method = request.getMethod();
        Callback timed = new Callback() {
            @Override
            public void succeeded() {
                metrics.answered(route, method, response.getStatus(), System.nanoTime() - start);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                metrics.answered(route, method, response.getStatus(), System.nanoTime() - start);
                callback.failed(x);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
        boolean monitoring = route.startsWith("/v1/health") || route.equals("/metrics");
        return monitoring ? api.handle(request, response, timed) : super.handle(request, response, timed);
    }

    /** The handler a path is counted under: the API's routes, {@code /v1/hook} for every operation, else {@code other}. */
    static String route(String path) {
        return switch (path) {
            case "/v1/decisions", "/v1/health", "/v1/health/live", "/v1/health/ready", "/v1/rules", "/metrics" -> path;
            default -> path.startsWith("/v1/hook/") ? "/v1/hook" : "other";
        };
    }
}
