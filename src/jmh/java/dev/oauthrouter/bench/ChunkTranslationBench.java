package dev.oauthrouter.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.stream.SseEvent;
import dev.oauthrouter.stream.SseReader;
import dev.oauthrouter.translate.ChatTranslator;
import dev.oauthrouter.translate.ChunkSink;
import dev.oauthrouter.translate.StreamTranslator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the streaming hot path per upstream event: {@link SseReader} parses the next event from the
 * upstream bytes and the provider's {@link StreamTranslator} turns it into OpenAI chunk bytes.
 *
 * <p>Each stream is a realistic 64-delta answer ({@link UpstreamStreams}). As in the server, every
 * event, {@code [DONE]} included, goes to {@code onEvent}; at the end of the bytes the translator
 * finishes ({@code onEnd}) and a new reader and translator start the next stream, so their set-up is
 * included, spread over the stream's events. Run with {@code -prof gc}
 * for bytes allocated per event ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ChunkTranslationBench {
    private static final int DELTAS = 64;

    /** Which translator: openai (pass-through), anthropic or gemini. */
    @Param({"openai", "anthropic", "gemini"})
    public String translator;

    private ChatTranslator chat;
    private ChatRequest request;
    private byte[] upstream;
    private SseReader reader;
    private StreamTranslator stream;
    private long bytesOut;
    private final ChunkSink sink = json -> bytesOut += json.length;

    /** Creates the translator, the request and the upstream bytes. */
    @Setup
    public void setUp() throws IOException {
        chat = Translators.create(translator);
        String provider;
        String model;
        switch (translator) {
        case "anthropic" -> {
            provider = "anthropic";
            model = "claude-sonnet-4-5";
            upstream = UpstreamStreams.anthropic(DELTAS);
        }
        case "gemini" -> {
            provider = "gemini";
            model = "gemini-2.5-flash";
            upstream = UpstreamStreams.gemini(DELTAS);
        }
        default -> {
            provider = "openai";
            model = "gpt-4.1-nano";
            upstream = UpstreamStreams.openAi(DELTAS);
        }
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", provider + "/" + model);
        body.putArray("messages").addObject().put("role", "user").put("content", "Say something.");
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        request = new ChatRequest(body, provider, model, true, true);
        restart();
        // One full pass outside measurement proves the translator accepts the stream.
        int events = 0;
        SseEvent event;
        while ((event = reader.next()) != null) {
            stream.onEvent(event, sink);
            events++;
        }
        stream.onEnd(sink);
        if (events < DELTAS || bytesOut == 0) {
            throw new IllegalStateException(translator + " produced no chunks from " + events + " events");
        }
        restart();
    }

    private void restart() {
        reader = new SseReader(new ByteArrayInputStream(upstream));
        stream = chat.stream(request);
    }

    /** Reads and translates the next upstream event; returns the running count of bytes produced. */
    @Benchmark
    public long perEvent() throws IOException {
        SseEvent event = reader.next();
        if (event == null) {
            stream.onEnd(sink);
            restart();
            event = reader.next();
        }
        stream.onEvent(event, sink);
        return bytesOut;
    }
}
