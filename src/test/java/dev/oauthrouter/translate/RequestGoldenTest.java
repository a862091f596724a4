package dev.oauthrouter.translate;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.translate.anthropic.AnthropicTranslator;
import dev.oauthrouter.translate.cohere.CohereTranslator;
import dev.oauthrouter.translate.gemini.GeminiTranslator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenAI requests (in {@code requests/}) against the exact provider request each translator
 * builds, or the 400 it answers, as reviewed in {@code golden/<provider>/requests/}.
 */
class RequestGoldenTest {
    private static final String[] REQUESTS = {"system-placement", "tool-results", "images", "json-schema",
        "json-object", "stop", "reasoning", "named-tool", "required-tool", "sampling"};

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (String r : REQUESTS) {
            list.add(Arguments.of("anthropic", "claude-sonnet-4-5", r));
            list.add(Arguments.of("gemini", "gemini-2.5-flash", r));
            list.add(Arguments.of("cohere", "command-r-plus", r));
        }
        return list.stream();
    }

    static ChatTranslator translator(String provider) {
        return switch (provider) {
        case "anthropic" -> AnthropicTranslator.create(ConformanceTestBase.CLOCK);
        case "gemini" -> GeminiTranslator.create(ConformanceTestBase.CLOCK, () -> "fixed");
        default -> CohereTranslator.create(ConformanceTestBase.CLOCK);
        };
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void maps_openai_request_to_the_reviewed_provider_request(String provider, String model, String name)
            throws IOException {
        ObjectNode body;
        try (InputStream in = getClass().getResourceAsStream("/requests/" + name + ".json")) {
            body = (ObjectNode) Json.parse(in.readAllBytes());
        }
        body.put("model", provider + "/" + model);
        boolean stream = body.path("stream").asBoolean(false);
        ChatRequest request = new ChatRequest(body, provider, model, stream,
                body.path("stream_options").path("include_usage").asBoolean(false));
        ObjectNode actual = Json.object();
        try {
            UpstreamRequest up = translator(provider).request(request);
            actual.put("path", up.path());
            actual.set("headers", Json.MAPPER.valueToTree(new java.util.TreeMap<>(up.headers())));
            actual.set("body", Json.parse(up.body()));
        } catch (ApiException e) {
            actual.set("error", Replay.errorJson(e));
        }
        Golden.assertMatches(provider + "/requests/" + name + ".json", actual);
    }
}
