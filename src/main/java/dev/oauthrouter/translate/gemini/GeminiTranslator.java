package dev.oauthrouter.translate.gemini;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

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
 * Translates between the OpenAI chat API and the native Gemini API ({@code generateContent} and
 * {@code streamGenerateContent?alt=sse} under {@code https://generativelanguage.googleapis.com/v1beta}).
 * Pure: no IO, no state.
 */
public final class GeminiTranslator implements ChatTranslator {
    private final Clock clock;
    private final Supplier<String> ids;

    private GeminiTranslator(Clock clock, Supplier<String> ids) {
        this.clock = clock;
        this.ids = ids;
    }

    /** Returns a translator using the system clock and random ids where Gemini gives none. */
    public static GeminiTranslator create() {
        return new GeminiTranslator(Clock.systemUTC(), () -> UUID.randomUUID().toString().replace("-", ""));
    }

    /**
     * Returns a translator with the given clock and id source (used only when a response has no
     * {@code responseId}).
     */
    public static GeminiTranslator create(Clock clock, Supplier<String> ids) {
        return new GeminiTranslator(clock, ids);
    }

    @Override
    public UpstreamRequest request(ChatRequest request) {
        String model = request.model();
        for (int i = 0; i < model.length(); i++) {
            char c = model.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_')) {
                throw ApiException.invalid("model",
                        "Gemini model ids hold letters, digits, '-', '.' and '_' only.");
            }
        }
        String path = request.stream()
                ? "/models/" + model + ":streamGenerateContent?alt=sse"
                : "/models/" + model + ":generateContent";
        return new UpstreamRequest(path, Json.bytes(GeminiRequests.map(request)), Map.of());
    }

    @Override
    public TranslatedResponse response(byte[] body, ChatRequest request) {
        JsonNode r = UpstreamErrors.parseAnswer(body, GeminiRequests.PROVIDER);
        GeminiParts parts = new GeminiParts(ids.get());
        parts.responseId(r.path("responseId").asText(""));
        CompletionBuilder b = new CompletionBuilder(parts.id(), request.qualifiedModel(),
                clock.instant().getEpochSecond());
        JsonNode candidate = r.path("candidates").path(0);
        GeminiParts.Listener listener = new GeminiParts.Listener() {
            @Override
            public void text(String text) {
                b.content(text);
            }

            @Override
            public void thought(String text) {
                b.reasoning(text);
            }

            @Override
            public void toolCall(String id, String name, String arguments) {
                b.toolCall(id, name, arguments);
            }
        };
        parts.parts(candidate.path("content").path("parts"), listener);
        parts.flush(listener);
        b.finish(finishReason(candidate, r, parts.sawToolCall()));
        b.usage(usage(r.path("usageMetadata")));
        return new TranslatedResponse(b.build(), b.usage());
    }

    @Override
    public StreamTranslator stream(ChatRequest request) {
        return new GeminiStream(request, clock.instant().getEpochSecond(), ids.get());
    }

    @Override
    public ApiException error(int status, byte[] body, String retryAfter) {
        JsonNode error = Json.object();
        try {
            JsonNode n = Json.parse(body);
            error = (n.isArray() ? n.path(0) : n).path("error");
        } catch (Json.JsonParseFailure ignored) {
            // not JSON: the status alone decides
        }
        return map(status, error, UpstreamErrors.message(body), retryAfter);
    }

    /**
     * Maps a Gemini error object: a rejected API key comes as 400 {@code API_KEY_INVALID} and is
     * treated as an authentication failure; a quota error's {@code RetryInfo.retryDelay} becomes
     * Retry-After when the header is missing.
     */
    static ApiException map(int status, JsonNode error, String message, String retryAfter) {
        int mapped = status;
        String retry = retryAfter;
        for (JsonNode d : error.path("details")) {
            if ("API_KEY_INVALID".equals(d.path("reason").asText())) {
                mapped = 401;
            }
            String delay = d.path("retryDelay").asText("");
            if (retry.isBlank() && delay.endsWith("s")) {
                try {
                    retry = Long.toString((long) Math.ceil(Double.parseDouble(delay.substring(0,
                            delay.length() - 1))));
                } catch (NumberFormatException ignored) {
                    // unknown delay format: leave Retry-After out
                }
            }
        }
        if ("UNAUTHENTICATED".equals(error.path("status").asText())) {
            mapped = 401;
        }
        return UpstreamErrors.map(GeminiRequests.PROVIDER, mapped, message, retry);
    }

    /** Returns the stream exception for an error object inside a Gemini stream. */
    static UpstreamStreamException streamError(JsonNode error) {
        int code = error.path("code").asInt(500);
        ApiException e = map(code == 499 ? 500 : code, error, error.path("message").asText(""), "");
        return new UpstreamStreamException(e.status(), e.type(), e.code().orElse(null), e.getMessage());
    }

    /**
     * Maps a candidate's finishReason; Gemini says STOP after function calls, which OpenAI calls
     * tool_calls. A prompt blocked before any candidate is content_filter.
     */
    static String finishReason(JsonNode candidate, JsonNode response, boolean toolCalls) {
        if (candidate.isMissingNode() && response.has("promptFeedback")) {
            return "content_filter";
        }
        return switch (candidate.path("finishReason").asText("")) {
        case "MAX_TOKENS" -> "length";
        case "SAFETY", "RECITATION", "LANGUAGE", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "IMAGE_OTHER" -> "content_filter";
        default -> toolCalls ? "tool_calls" : "stop";
        };
    }

    /** Reads usageMetadata; thoughts count as completion tokens, as OpenAI counts reasoning. */
    static Usage usage(JsonNode u) {
        if (!u.isObject() || !u.has("promptTokenCount")) {
            return Usage.UNKNOWN;
        }
        long thoughts = u.path("thoughtsTokenCount").asLong(0);
        return new Usage(u.path("promptTokenCount").asLong(0) + u.path("toolUsePromptTokenCount").asLong(0),
                u.path("candidatesTokenCount").asLong(0) + thoughts,
                u.has("thoughtsTokenCount") ? thoughts : -1,
                u.has("cachedContentTokenCount") ? u.path("cachedContentTokenCount").asLong() : -1);
    }
}
