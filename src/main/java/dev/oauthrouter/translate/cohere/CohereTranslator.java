package dev.oauthrouter.translate.cohere;

import java.time.Clock;
import java.util.Map;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.openai.Usage;
import dev.oauthrouter.translate.ChatTranslator;
import dev.oauthrouter.translate.CompletionBuilder;
import dev.oauthrouter.translate.StreamTranslator;
import dev.oauthrouter.translate.TranslatedResponse;
import dev.oauthrouter.translate.UpstreamErrors;
import dev.oauthrouter.translate.UpstreamRequest;
import dev.oauthrouter.translate.UpstreamStreamException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Translates between the OpenAI chat API and Cohere's v2 chat API ({@code POST /v2/chat} on
 * {@code https://api.cohere.com}). Pure: no IO, no state.
 */
public final class CohereTranslator implements ChatTranslator {
    private final Clock clock;

    private CohereTranslator(Clock clock) {
        this.clock = clock;
    }

    /** Returns a translator using the system clock for {@code created}. */
    public static CohereTranslator create() {
        return new CohereTranslator(Clock.systemUTC());
    }

    /** Returns a translator stamping {@code created} from the given clock. */
    public static CohereTranslator create(Clock clock) {
        return new CohereTranslator(clock);
    }

    @Override
    public UpstreamRequest request(ChatRequest request) {
        return new UpstreamRequest("/v2/chat", Json.bytes(CohereRequests.map(request)), Map.of());
    }

    @Override
    public TranslatedResponse response(byte[] body, ChatRequest request) {
        JsonNode r = UpstreamErrors.parseAnswer(body, CohereRequests.PROVIDER);
        String finish = r.path("finish_reason").asText("");
        if (finish.equals("ERROR") || finish.equals("TIMEOUT")) {
            throw failed(finish, r.path("message").path("content").path(0).path("text").asText(""));
        }
        CompletionBuilder b = new CompletionBuilder(r.path("id").asText(""), request.qualifiedModel(),
                clock.instant().getEpochSecond());
        JsonNode message = r.path("message");
        for (JsonNode c : message.path("content")) {
            switch (c.path("type").asText()) {
            case "text" -> b.content(c.path("text").asText(""));
            case "thinking" -> b.reasoning(c.path("thinking").asText(""));
            default -> {
                // other content types have no chat completions form
            }
            }
        }
        b.reasoning(message.path("tool_plan").asText(""));
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode f = call.path("function");
            b.toolCall(call.path("id").asText(""), f.path("name").asText(""),
                    arguments(f.path("arguments").asText("")));
        }
        b.finish(finishReason(finish));
        b.usage(usage(r.path("usage")));
        return new TranslatedResponse(b.build(), b.usage());
    }

    @Override
    public StreamTranslator stream(ChatRequest request) {
        return new CohereStream(request, clock.instant().getEpochSecond());
    }

    @Override
    public ApiException error(int status, byte[] body, String retryAfter) {
        return UpstreamErrors.map(CohereRequests.PROVIDER, status, UpstreamErrors.message(body), retryAfter);
    }

    /** Cohere sends {@code "null"} or nothing for calls without arguments; clients expect an object. */
    static String arguments(String raw) {
        return raw.isBlank() || raw.strip().equals("null") ? "{}" : raw;
    }

    /** Maps Cohere's finish_reason. */
    static String finishReason(String reason) {
        return switch (reason) {
        case "MAX_TOKENS" -> "length";
        case "TOOL_CALL" -> "tool_calls";
        default -> "stop"; // COMPLETE, STOP_SEQUENCE
        };
    }

    /** Returns the error for an answer Cohere ended with ERROR or TIMEOUT. */
    static UpstreamStreamException failed(String reason, String detail) {
        boolean timeout = reason.equals("TIMEOUT");
        return new UpstreamStreamException(502, "api_error", timeout ? "upstream_timeout" : "upstream_error",
                "cohere " + (timeout ? "timed out" : "failed") + " while answering"
                        + (detail.isBlank() ? "" : ": " + UpstreamErrors.redact(detail))
                                + ". Retry the request.");
    }

    /** Reads Cohere usage: real token counts ({@code tokens}), else billed units. */
    static Usage usage(JsonNode u) {
        JsonNode t = u.has("tokens") ? u.path("tokens") : u.path("billed_units");
        if (!t.isObject()) {
            return Usage.UNKNOWN;
        }
        return new Usage(t.path("input_tokens").asLong(-1), t.path("output_tokens").asLong(-1), -1,
                u.has("cached_tokens") ? u.path("cached_tokens").asLong() : -1);
    }
}
