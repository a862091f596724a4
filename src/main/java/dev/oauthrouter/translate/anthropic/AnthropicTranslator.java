package dev.oauthrouter.translate.anthropic;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Translates between the OpenAI chat API and the Anthropic Messages API
 * ({@code POST /v1/messages} on {@code https://api.anthropic.com}). Pure: no IO, no state.
 */
public final class AnthropicTranslator implements ChatTranslator {
    /** Messages API version this translator speaks. */
    public static final String API_VERSION = "2023-06-01";
    private final Clock clock;

    private AnthropicTranslator(Clock clock) {
        this.clock = clock;
    }

    /** Returns a translator using the system clock for {@code created}. */
    public static AnthropicTranslator create() {
        return new AnthropicTranslator(Clock.systemUTC());
    }

    /** Returns a translator stamping {@code created} from the given clock. */
    public static AnthropicTranslator create(Clock clock) {
        return new AnthropicTranslator(clock);
    }

    @Override
    public UpstreamRequest request(ChatRequest request) {
        ObjectNode body = AnthropicRequests.map(request);
        return new UpstreamRequest("/v1/messages", Json.bytes(body), Map.of("anthropic-version",
                API_VERSION));
    }

    @Override
    public TranslatedResponse response(byte[] body, ChatRequest request) {
        JsonNode msg = parse(body);
        CompletionBuilder b = new CompletionBuilder(msg.path("id").asText(""), request.qualifiedModel(),
                clock.instant().getEpochSecond());
        List<ObjectNode> thinking = new ArrayList<>();
        for (JsonNode block : msg.path("content")) {
            switch (block.path("type").asText()) {
            case "text" -> b.content(block.path("text").asText(""));
            case "thinking" -> {
                b.reasoning(block.path("thinking").asText(""));
                thinking.add((ObjectNode) block);
            }
            case "redacted_thinking" -> thinking.add((ObjectNode) block);
            case "tool_use" -> {
                String id = block.path("id").asText();
                if (b.toolCallCount() == 0) {
                    id = ThinkingIds.attach(id, thinking);
                }
                JsonNode input = block.get("input");
                b.toolCall(id, block.path("name").asText(),
                        input == null || input.isNull() ? "{}" : Json.string(input));
            }
            default -> {
                // server tool blocks have no chat completions form; the router sends no server tools
            }
            }
        }
        b.refusal(refusal(msg.path("stop_reason").asText(""), msg.path("stop_details")));
        b.finish(finishReason(msg.path("stop_reason").asText("")));
        b.usage(usage(msg.path("usage")));
        return new TranslatedResponse(b.build(), b.usage());
    }

    @Override
    public StreamTranslator stream(ChatRequest request) {
        return new AnthropicStream(request, clock.instant().getEpochSecond());
    }

    @Override
    public ApiException error(int status, byte[] body, String retryAfter) {
        String type = "";
        try {
            type = Json.parse(body).path("error").path("type").asText("");
        } catch (Json.JsonParseFailure ignored) {
            // plain text body: the status alone decides
        }
        int mapped = type.equals("overloaded_error") ? 529 : status;
        return UpstreamErrors.map(AnthropicRequests.PROVIDER, mapped, UpstreamErrors.message(body),
                retryAfter);
    }

    /** Maps an Anthropic stop_reason to an OpenAI finish_reason. */
    static String finishReason(String stopReason) {
        return switch (stopReason) {
        case "max_tokens", "model_context_window_exceeded" -> "length";
        case "tool_use" -> "tool_calls";
        case "refusal" -> "content_filter";
        default -> "stop"; // end_turn, stop_sequence, pause_turn and reasons added later
        };
    }

    /** Returns the explanation Anthropic gives with a refusal, or empty text. */
    static String refusal(String stopReason, JsonNode stopDetails) {
        return stopReason.equals("refusal") ? stopDetails.path("explanation").asText("") : "";
    }

    /** Reads an Anthropic usage object; its input_tokens excludes cache reads and writes. */
    static Usage usage(JsonNode u) {
        if (!u.isObject()) {
            return Usage.UNKNOWN;
        }
        long input = u.path("input_tokens").asLong(0) + u.path("cache_creation_input_tokens").asLong(0)
                + u.path("cache_read_input_tokens").asLong(0);
        long cached = u.has("cache_read_input_tokens") ? u.path("cache_read_input_tokens").asLong(0) : -1;
        return new Usage(input, u.path("output_tokens").asLong(-1), -1, cached);
    }

    /** Returns the stream exception for an Anthropic {@code error} event. */
    static UpstreamStreamException streamError(JsonNode event) {
        JsonNode error = event.path("error");
        String type = error.path("type").asText("");
        int status = switch (type) {
        case "invalid_request_error" -> 400;
        case "authentication_error" -> 401;
        case "billing_error" -> 402;
        case "permission_error" -> 403;
        case "not_found_error" -> 404;
        case "request_too_large" -> 413;
        case "rate_limit_error" -> 429;
        case "timeout_error" -> 504;
        case "overloaded_error" -> 529;
        default -> 500;
        };
        ApiException e = UpstreamErrors.map(AnthropicRequests.PROVIDER, status,
                error.path("message").asText(""), "");
        return new UpstreamStreamException(e.status(), e.type(), e.code().orElse(null), e.getMessage());
    }

    private static JsonNode parse(byte[] body) {
        return UpstreamErrors.parseAnswer(body, AnthropicRequests.PROVIDER);
    }
}
