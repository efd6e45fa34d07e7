package org.virtstartuppolicy.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.evaluation.EvaluationLimits;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.hook.HookCall;
import org.virtstartuppolicy.hook.PendingStarts;
import org.virtstartuppolicy.report.OutputFormat;
import org.virtstartuppolicy.report.Report;
import org.virtstartuppolicy.rules.RuleFile;
import org.virtstartuppolicy.rules.RuleId;

/**
 * The service's HTTP API (README, "A resident decision service"):
 * {@code POST /v1/decisions}, {@code POST /v1/hook/OPERATION}, {@code GET /v1/health} (and
 * {@code /live}, {@code /ready}), {@code GET /v1/rules}, {@code GET /metrics}. Every error is a status and one line of plain text; a request never
 * disturbs another: each is decided with the policy in force when it starts, in its own session.
 */
final class ServiceHandler extends Handler.Abstract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOOK = "/v1/hook/";

    private final PolicyService service;
    private final long maxRequestBytes;

    ServiceHandler(PolicyService service, long maxRequestBytes) {
        this.service = service;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** An answer to give: a status, a content type and a body. */
    private record Answer(int status, String type, String body, String note) {
        static Answer text(int status, String line) {
            return new Answer(status, "text/plain; charset=utf-8", line.endsWith("\n") || line.isEmpty() ? line : line + "\n",
                    status >= 400 ? line.strip() : "");
        }

        static Answer json(String body, String note) {
            return new Answer(200, "application/json", body, note);
        }
    }

    /** A request the service refuses, with its status. */
    private static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String path = Request.getPathInContext(request);
        Answer answer;
        try {
            answer = answer(request, path);
        } catch (Refused e) {
            answer = Answer.text(e.status, e.getMessage());
        } catch (ToolError e) {
            answer = Answer.text(500, e.getMessage());
        } catch (RuntimeException e) {
            answer = Answer.text(500, "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (answer.status() == 405) {
            response.getHeaders().put(HttpHeader.ALLOW, path.startsWith("/v1/decisions") || path.startsWith(HOOK) ? "POST" : "GET");
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.type());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        ServiceLog.event(request.getMethod() + " " + path + " " + answer.status() + " "
                + (System.nanoTime() - start) / 1_000_000 + " ms" + (answer.note().isEmpty() ? "" : " " + answer.note()));
        return true;
    }

    private Answer answer(Request request, String path) throws Refused {
        switch (path) {
            case "/v1/health" -> {
                only("GET", request);
                noBodyOver(request);
                return health();
            }
            case "/v1/health/live" -> {
                only("GET", request);
                noBodyOver(request);
                return live();
            }
            case "/v1/health/ready" -> {
                only("GET", request);
                noBodyOver(request);
                return ready();
            }
            case "/metrics" -> {
                only("GET", request);
                noBodyOver(request);
                String accept = request.getHeaders().get(HttpHeader.ACCEPT);
                accept = accept == null ? "" : accept;
                return new Answer(200, service.metrics().contentType(accept), service.metrics().scrape(accept), "");
            }
            case "/v1/rules" -> {
                only("GET", request);
                noBodyOver(request);
                return rules();
            }
            case "/v1/decisions" -> {
                only("POST", request);
                return decision(request);
            }
            default -> {
                if (path.startsWith(HOOK) && path.length() > HOOK.length() && path.indexOf('/', HOOK.length()) < 0) {
                    only("POST", request);
                    return hook(request, path.substring(HOOK.length()));
                }
                throw new Refused(404, "no such resource: " + path
                        + " (there are POST /v1/decisions, POST /v1/hook/OPERATION, GET /v1/health, GET /v1/health/live,"
                        + " GET /v1/health/ready, GET /v1/rules, GET /metrics)");
            }
        }
    }

    private static void only(String method, Request request) throws Refused {
        if (!method.equals(request.getMethod())) {
            throw new Refused(405, request.getMethod() + " is not allowed here: use " + method);
        }
    }

    private Answer decision(Request request) throws Refused {
        Fields query = query(request);
        String label = query.getValue("context");
        String explain = query.getValue("explain");
        PolicyService.Policy policy = service.current();
        DomainSource source = definition(request, policy);
        StartContext context;
        String contextFrom;
        if (label != null) {
            try {
                context = StartContext.ofLabel(label);
            } catch (IllegalArgumentException e) {
                throw new Refused(400, "context: " + e.getMessage());
            }
            contextFrom = "?context=" + label;
        } else {
            context = policy.config().startContext();
            contextFrom = policy.config().context() != null ? "the config's context" : "the default context";
        }
        Domain domain = parsed(source);
        Decision decision = service.decide(policy, domain, context, "POST /v1/decisions", contextFrom);
        return Answer.json(Report.of(decision, OutputFormat.JSON, "true".equals(explain), false),
                domain.name() + " " + context.getLabel() + " " + decision.verdict() + " " + policy.rules().digest());
    }

    private Answer hook(Request request, String operation) throws Refused {
        Fields query = query(request);
        String guest = query.getValue("guest");
        String suboperation = query.getValue("suboperation");
        if (guest == null || guest.isEmpty() || suboperation == null) {
            throw new Refused(400, "a hook call needs the query parameters guest and suboperation"
                    + " (as libvirt passes them: ?guest=NAME&suboperation=begin&extra=-)");
        }
        if (PendingStarts.completes(operation, suboperation)) {
            PolicyService.Policy policy = service.current();
            service.outcome(policy, operation, definition(request, policy));
            return Answer.text(200, "");
        }
        if (!HookCall.acts(operation, suboperation)) {
            return Answer.text(200, "");
        }
        PolicyService.Policy policy = service.current();
        DomainSource source = definition(request, policy);
        parsed(source);
        HookCall.Outcome outcome = service.hook(policy, guest, operation, source);
        String note = "guest " + guest + " " + operation + " " + suboperation + " " + policy.rules().digest();
        if (outcome.exitCode() != 0) {
            return new Answer(409, "text/plain; charset=utf-8", outcome.err(), note + " refused");
        }
        return new Answer(200, outcome.out().isEmpty() ? "text/plain; charset=utf-8" : "application/xml", outcome.out(),
                note + (outcome.out().isEmpty() ? "" : " (effective definition)"));
    }

    private static Fields query(Request request) throws Refused {
        try {
            return Request.extractQueryParameters(request);
        } catch (HttpException.RuntimeException e) {
            throw new Refused(400, "bad query: " + e.getMessage());
        }
    }

    /**
     * A request that sends no domain: a body over {@code service.maxRequestBytes} is refused (413)
     * unread; a smaller one is not read.
     */
    private void noBodyOver(Request request) throws Refused {
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > maxRequestBytes) {
            throw new Refused(413, "the request body is " + declared + " bytes, over the limit of " + maxRequestBytes
                    + " (service.maxRequestBytes)");
        }
    }

    /**
     * The domain XML the request sends, taken up to {@code limits.domainXmlBytes} as every door
     * takes one, and refused (413) as soon as it is known to be over, before it is read whole.
     */
    private static DomainSource definition(Request request, PolicyService.Policy policy) throws Refused {
        int limit = EvaluationLimits.of(policy.config()).domainXmlBytes();
        long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > limit) {
            throw new Refused(413, "the domain XML is " + declared + " bytes, over the limit of " + limit
                    + " (limits.domainXmlBytes)");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        try (InputStream in = Content.Source.asInputStream(request)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                body.write(buffer, 0, n);
                if (body.size() > limit) {
                    throw new Refused(413, "the domain XML is over the limit of " + limit + " bytes (limits.domainXmlBytes)");
                }
            }
        } catch (IOException e) {
            throw new Refused(400, "cannot read the request body: " + e.getMessage());
        }
        if (body.size() == 0) {
            throw new Refused(400, "the request has no body: send the domain XML");
        }
        return DomainSource.of("request body", body.toByteArray(), limit);
    }

    /** The definition parsed; one that is not domain XML is the request's fault (400). */
    private static Domain parsed(DomainSource source) throws Refused {
        try {
            return source.domain();
        } catch (ToolError e) {
            throw new Refused(400, e.getMessage());
        }
    }

    private Answer health() {
        PolicyService.Policy policy = service.policy();
        ObjectNode health = JSON.createObjectNode();
        health.put("status", "ok");
        health.put("rulesDigest", policy.rules().digest());
        health.put("rulesError", service.failure() != null);
        health.put("decisions", service.decisions());
        health.put("startedAt", service.started().toString());
        health.put("uptimeSeconds", Duration.between(service.started(), Instant.now()).toSeconds());
        return Answer.json(write(health), "");
    }

    /** The process serves: answered from a handler thread, without waiting for a turn. */
    private Answer live() {
        ObjectNode live = JSON.createObjectNode();
        live.put("status", "live");
        live.put("uptimeSeconds", Duration.between(service.started(), Instant.now()).toSeconds());
        return Answer.json(write(live), "");
    }

    /** 200 when the service decides with the files as they are on disk and can log; else 503 and why, one line. */
    private Answer ready() {
        List<String> why = service.unready();
        if (!why.isEmpty()) {
            return Answer.text(503, "not ready: " + String.join("; ", why));
        }
        ObjectNode ready = JSON.createObjectNode();
        ready.put("status", "ready");
        ready.put("rulesDigest", service.policy().rules().digest());
        return Answer.json(write(ready), "");
    }

    private Answer rules() {
        PolicyService.Policy policy = service.current();
        ObjectNode rules = JSON.createObjectNode();
        rules.put("digest", policy.rules().digest());
        rules.put("loadedAt", policy.loadedAt().toString());
        rules.put("config", service.configFile() == null ? null : service.configFile().toString());
        ArrayNode files = rules.putArray("files");
        for (RuleFile file : policy.files()) {
            files.add(file.origin());
        }
        ArrayNode inForce = rules.putArray("rules");
        for (RuleId rule : policy.rules().rules()) {
            inForce.addObject().put("rule", rule.rule()).put("file", rule.file());
        }
        PolicyService.Failure failure = service.failure();
        if (failure == null) {
            rules.putNull("error");
        } else {
            ObjectNode error = rules.putObject("error");
            error.put("at", failure.at().toString());
            ArrayNode problems = error.putArray("problems");
            failure.problems().forEach(problems::add);
        }
        return Answer.json(write(rules), "");
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
