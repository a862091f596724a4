package dev.oauthrouter.translate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.stream.SseEvent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays every capture of one provider (copied from the shared fixtures, see
 * {@code fixtures/README.md}) through the translator and compares the OpenAI result with its
 * reviewed golden file. Streams are read with random split points under several seeds.
 */
public abstract class ConformanceTestBase {
    /** The {@code created} stamp of every translated answer. */
    public static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_767_225_600L), ZoneOffset.UTC);
    private static final long[] SEEDS = {1, 7, 42, 1234, 99991};

    /** Returns the provider name (fixture folder). */
    protected abstract String provider();

    /** Returns the model id used in the requests (without provider prefix). */
    protected abstract String model();

    /** Returns a translator with {@link #CLOCK} and deterministic ids. */
    protected abstract ChatTranslator translator();

    /** Returns true when chunk files are framed with CRLF and no event names (Gemini). */
    protected abstract boolean crlf();

    /** Returns the captures not replayed, with the reason. */
    protected abstract Map<String, String> skipped();

    /**
     * Returns the provider's non-streaming body for the answer of a stream (built the way the
     * provider's SDK accumulates it), or empty when the stream has no non-streaming form.
     */
    protected abstract Optional<byte[]> assemble(List<SseEvent> events);

    /** Returns the request used for replays. */
    protected ChatRequest request(boolean stream) {
        ObjectNode body = Json.object();
        body.put("model", provider() + "/" + model());
        return new ChatRequest(body, provider(), model(), stream, true);
    }

    private Path root() {
        try {
            return Path.of(getClass().getResource("/fixtures/" + provider()).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> files() {
        try (Stream<Path> walk = Files.walk(root())) {
            return walk.filter(Files::isRegularFile).map(p -> root().relativize(p).toString().replace('\\',
                    '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Capture> captures() {
        List<Capture> list = new ArrayList<>();
        for (String f : files()) {
            if (!skipped().containsKey(f)) {
                list.add(Capture.read(root(), root().resolve(f), crlf()));
            }
        }
        return list;
    }

    @Test
    void every_capture_is_replayed_or_skipped_with_a_reason() {
        List<String> files = files();
        assertThat(files).as("fixture files of " + provider()).isNotEmpty();
        assertThat(files).as("skip list names existing files only").containsAll(skipped().keySet());
        skipped().values().forEach(reason -> assertThat(reason).isNotBlank());
        assertThat(captures()).hasSize(files.size() - skipped().size());
    }

    @TestFactory
    Stream<DynamicTest> replays_every_capture_like_its_golden_file() {
        return captures().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            ObjectNode actual = Json.object();
            actual.put("capture", provider() + "/" + c.name());
            ArrayNode exchanges = actual.putArray("exchanges");
            for (Capture.Exchange x : c.exchanges()) {
                exchanges.add(translate(x));
            }
            Golden.assertMatches(provider() + "/" + c.name().replace('/', '_') + ".json", actual);
        }));
    }

    @TestFactory
    Stream<DynamicTest> non_stream_answer_equals_the_accumulated_stream() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Capture c : captures()) {
            for (int i = 0; i < c.exchanges().size(); i++) {
                Capture.Exchange x = c.exchanges().get(i);
                if (!x.stream() || x.status() != 200) {
                    continue;
                }
                Optional<byte[]> whole = assemble(Replay.events(x.body()));
                if (whole.isEmpty()) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(c.name() + "#" + i, () -> {
                    Replay.Result streamed = Replay.run(x.body(), translator().stream(request(true)),
                            SEEDS[0]);
                    assertThat(streamed.error()).isNull();
                    JsonNode single = translator().response(whole.get(), request(false)).completion();
                    // streamed arguments keep the provider's JSON text; whole answers' are re-serialized
                    JsonNode accumulated = ChunkAccumulator.accumulate(streamed.chunks());
                    assertThat(ChunkAccumulator.withParsedArguments(accumulated))
                            .isEqualTo(ChunkAccumulator.withParsedArguments(Golden.normalized(single)));
                }));
            }
        }
        assertThat(tests).as("captures with a stream and its non-stream form").isNotEmpty();
        return tests.stream();
    }

    private ObjectNode translate(Capture.Exchange x) {
        ChatTranslator t = translator();
        if (x.status() >= 400) {
            ObjectNode o = Json.object();
            o.put("kind", "error");
            o.set("error", Replay.errorJson(t.error(x.status(), x.body(), "")));
            return o;
        }
        if (x.stream()) {
            Replay.Result first = null;
            boolean usageKnown = false;
            for (long seed : SEEDS) {
                StreamTranslator st = t.stream(request(true));
                Replay.Result r = Replay.run(x.body(), st, seed);
                usageKnown = st.usage().known();
                if (first == null) {
                    first = r;
                } else {
                    assertThat(r.toJson()).as("replay with seed " + seed).isEqualTo(first.toJson());
                }
            }
            if (first.error() == null) {
                ChunkAccumulator.assertContract(first.chunks(), provider() + "/" + model(), usageKnown);
            }
            return first.toJson();
        }
        ObjectNode o = Json.object();
        try {
            TranslatedResponse r = t.response(x.body(), request(false));
            o.put("kind", "response");
            o.set("completion", r.completion());
        } catch (ApiException e) {
            o.put("kind", "response_error");
            o.set("error", Replay.errorJson(e));
        }
        return o;
    }
}
