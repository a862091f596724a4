package dev.oauthrouter.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

import dev.oauthrouter.auth.TokenPrincipal;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.openai.ChatRequestParser;
import dev.oauthrouter.openai.Usage;
import dev.oauthrouter.providers.Provider;
import dev.oauthrouter.providers.ProviderRegistry;
import dev.oauthrouter.providers.UpstreamClient;
import dev.oauthrouter.providers.UpstreamResponse;
import dev.oauthrouter.quota.QuotaGate;
import dev.oauthrouter.stream.SseEvent;
import dev.oauthrouter.stream.SseReader;
import dev.oauthrouter.translate.StreamTranslator;
import dev.oauthrouter.translate.TranslatedResponse;
import dev.oauthrouter.translate.UpstreamRequest;
import dev.oauthrouter.usage.UsageRecord;
import dev.oauthrouter.usage.UsageSink;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /v1/chat/completions}: validate, admit against the quota, translate, call the provider,
 * and answer as JSON or as a stream, recording one usage row per admitted request.
 */
final class ChatCompletionsService implements HttpService {
    private final ProviderRegistry providers;
    private final UpstreamClient upstream;
    private final QuotaGate quota;
    private final UsageSink usage;
    private final long maxBodySize;
    private final KeepAlives keepAlives = new KeepAlives();

    ChatCompletionsService(ProviderRegistry providers, UpstreamClient upstream, QuotaGate quota, UsageSink usage,
                           long maxBodySize) {
        this.providers = providers;
        this.upstream = upstream;
        this.quota = quota;
        this.usage = usage;
        this.maxBodySize = maxBodySize;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) {
        RequestInfo info = req.context().get(RequestInfo.class).orElseGet(RequestInfo::start);
        TokenPrincipal token = req.context().get(TokenPrincipal.class)
                .orElseThrow(() -> ApiException.unauthorized("missing_token", "Missing router token."));
        ChatRequest request;
        Provider provider;
        UpstreamRequest upstreamRequest;
        try {
            request = ChatRequestParser.parse(readBody(req));
            info.model = request.qualifiedModel();
            provider = providers.resolve(request);
            if (!token.allows(request.qualifiedModel())) {
                throw ApiException.forbidden("model_not_allowed", "Token '" + token.name() + "' may not use model "
                        + request.qualifiedModel() + ". Allowed: " + String.join(", ", token.allowedModels())
                        + ". Change the token's model allowlist at /dashboard/api.");
            }
            upstreamRequest = provider.translator().request(request);
        } catch (ApiException e) {
            // a rejected request does not count, but still tells the client where its quota stands
            withQuotaHeaders(e, token);
            throw e;
        }
        QuotaGate.Admission admission = quota.admit(token);
        for (Map.Entry<String, String> h : admission.headers().entrySet()) {
            res.header(HeaderNames.create(h.getKey()), h.getValue());
        }
        Instant at = Instant.now();
        Outcome outcome = new Outcome();
        try {
            if (request.stream()) {
                stream(request, provider, upstreamRequest, res, outcome);
            } else {
                complete(request, provider, upstreamRequest, res, outcome);
            }
        } catch (ApiException e) {
            outcome.failed = true;
            outcome.status = e.status();
            throw e;
        } finally {
            if (outcome.failed) {
                admission.release();
            }
            info.usage = outcome.usage;
            if (outcome.abandoned) {
                info.outcome = "abandoned";
            }
            usage.record(new UsageRecord(info.id, token.id(), provider.name(), request.model(), outcome.status,
                    outcome.usage, info.elapsedMillis(), at, request.stream(), outcome.abandoned));
        }
    }

    private void complete(ChatRequest request, Provider provider, UpstreamRequest upstreamRequest,
                          ServerResponse res, Outcome outcome) {
        byte[] body;
        try (UpstreamResponse response = upstream.send(provider, upstreamRequest, false)) {
            body = response.body().readAllBytes();
        } catch (IOException | UncheckedIOException e) {
            throw UpstreamClient.unreachable(provider, e);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // the connection broke while reading (Helidon reports an early close unchecked)
            throw UpstreamClient.unreachable(provider, e);
        }
        TranslatedResponse translated = provider.translator().response(body, request);
        outcome.usage = translated.usage();
        outcome.status = 200;
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.bytes(translated.completion()));
    }

    private void stream(ChatRequest request, Provider provider, UpstreamRequest upstreamRequest,
                        ServerResponse res, Outcome outcome) {
        SseOutput out = new SseOutput(res);
        StreamTranslator translator = provider.translator().stream(request);
        try (UpstreamResponse response = upstream.send(provider, upstreamRequest, true)) {
            SseReader reader = new SseReader(response.body());
            // a client found gone by a keep-alive write stops the upstream read at once
            out.onTerminate(response::close);
            keepAlives.add(out);
            try {
                SseEvent event;
                while (!out.terminated() && (event = reader.next()) != null) {
                    translator.onEvent(event, out);
                }
                if (!out.terminated()) {
                    translator.onEnd(out);
                }
            } catch (IOException | UncheckedIOException e) {
                if (!out.terminated()) {
                    throw UpstreamClient.unreachable(provider, e);
                }
            } catch (ApiException e) {
                throw e;
            } catch (RuntimeException e) {
                // an abrupt upstream close surfaces as an unchecked exception
                if (!out.terminated()) {
                    throw UpstreamClient.unreachable(provider, e);
                }
            } finally {
                keepAlives.remove(out);
            }
            outcome.status = 200;
            if (out.terminated()) {
                outcome.abandoned = true;
            } else {
                out.done();
            }
            // closing a partly read response drops the upstream connection instead of draining it
        } catch (ApiException e) {
            outcome.usage = translator.usage();
            if (!out.started()) {
                throw e;
            }
            outcome.failed = true;
            outcome.status = e.status();
            out.error(e.body());
        } finally {
            outcome.usage = translator.usage();
            out.close();
        }
    }

    private void withQuotaHeaders(ApiException e, TokenPrincipal token) {
        try {
            quota.peek(token).forEach(e::header);
        } catch (ApiException unavailable) {
            // the original error is the one to report
        }
    }

    private byte[] readBody(ServerRequest req) {
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > maxBodySize) {
            throw tooLarge();
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1));
            if (body.length > maxBodySize) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new ApiException(400, "invalid_request_error", "unreadable_body", null,
                    "The request body could not be read completely. Resend the request.");
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "invalid_request_error", "request_too_large", null,
                "The request body is larger than this router accepts (" + maxBodySize + " bytes). Send a smaller "
                        + "request or raise server.max_body_size in the router's config.");
    }

    /** What happened to one admitted request, for its usage row. */
    private static final class Outcome {
        int status = 502;
        Usage usage = Usage.UNKNOWN;
        boolean failed;
        boolean abandoned;
    }
}
