package dev.oauthrouter.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.oauthrouter.testing.Capture;
import dev.oauthrouter.testing.Captures;
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
    private static final Path E2E = Path.of("e2e");

    @Test
    void the_openai_sdk_chats_streams_lists_models_and_sees_401_through_the_router() throws Exception {
        assertThat(E2E.resolve("node_modules/openai/package.json"))
                .as("the e2e packages are installed: run bin/test-setup (make test does)").exists();
        String node = nodeVersion();

        Capture completion = Captures.json("openai/vercel-ai/openai-text.json");
        Capture stream = Captures.chunks("openai/vercel-ai/openai-text.chunks.txt");
        Path log = Files.createTempFile("openai-e2e", ".log");
        try (ReplayUpstream replay = ReplayUpstream.start().when(RecordedRequest::streaming, stream)
                .serve(completion);
             RouterHarness router = RouterHarness.builder()
                     .provider("openai", "OPENAI_API_KEY", "sk-openai-test", replay.url() + "/v1")
                     .start()) {
            ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec",
                    "openai.test.mjs")
                    .directory(E2E.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = pb.environment();
            env.put("BASE_URL", router.url() + "/v1");
            env.put("TOKEN", RouterHarness.TOKEN);
            env.put("MODEL", "openai/gpt-4o-mini");
            env.put("EXPECTED_TEXT", completion.answerText());
            env.put("EXPECTED_STREAM_TEXT", stream.answerText());
            Process p = pb.start();
            boolean ended = p.waitFor(90, TimeUnit.SECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String output = Files.readString(log);
            System.out.println("node " + node + " --test e2e/openai.test.mjs:\n" + output);

            assertThat(ended).as("node finished").isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("pass 4").contains("fail 0");
            assertThat(replay.requests()).anyMatch(RecordedRequest::streaming);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String nodeVersion() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor()).as("node --version").isZero();
            return v;
        } catch (IOException e) {
            throw new AssertionError("node is not installed or not on PATH; the end-to-end test needs "
                    + "Node.js 20+ (see bin/test-setup)", e);
        }
    }
}
