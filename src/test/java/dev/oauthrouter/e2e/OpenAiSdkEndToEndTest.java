package dev.oauthrouter.e2e;

import java.time.Duration;
import java.util.Map;

import dev.oauthrouter.testing.Capture;
import dev.oauthrouter.testing.Captures;
import dev.oauthrouter.testing.NodeTests;
import dev.oauthrouter.testing.RecordedRequest;
import dev.oauthrouter.testing.ReplayUpstream;
import dev.oauthrouter.testing.RouterHarness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official {@code openai} npm package against the router: runs {@code node --test
 * e2e/openai.test.mjs} with the router and a replay of OpenAI's recorded traffic running in this JVM.
 * Fails, never skips, when node or the packages are missing ({@code bin/test-setup} installs them).
 */
class OpenAiSdkEndToEndTest {
    @Test
    void the_openai_sdk_chats_streams_lists_models_and_sees_401_through_the_router() throws Exception {
        Capture completion = Captures.json("openai/vercel-ai/openai-text.json");
        Capture stream = Captures.chunks("openai/vercel-ai/openai-text.chunks.txt");
        try (ReplayUpstream replay = ReplayUpstream.start().when(RecordedRequest::streaming, stream)
                .serve(completion);
             RouterHarness router = RouterHarness.builder()
                     .provider("openai", "OPENAI_API_KEY", "sk-openai-test", replay.url() + "/v1")
                     .start()) {
            String output = NodeTests.run("openai.test.mjs", Map.of(
                    "BASE_URL", router.url() + "/v1",
                    "TOKEN", RouterHarness.TOKEN,
                    "MODEL", "openai/gpt-4o-mini",
                    "EXPECTED_TEXT", completion.answerText(),
                    "EXPECTED_STREAM_TEXT", stream.answerText()), Duration.ofSeconds(90));

            assertThat(output).contains("pass 4");
            assertThat(replay.requests()).anyMatch(RecordedRequest::streaming);
        }
    }
}
