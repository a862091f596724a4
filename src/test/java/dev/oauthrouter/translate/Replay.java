package dev.oauthrouter.translate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.stream.SseEvent;
import dev.oauthrouter.stream.SseReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Replays a captured SSE body through {@link SseReader} and a stream translator. */
public final class Replay {
    private Replay() {
    }

    /**
     * The outcome of one replay.
     *
     * @param chunks the chunks emitted, in order
     * @param error  the error thrown by the translator, or null
     */
    public record Result(List<JsonNode> chunks, ApiException error) {
        /** Returns the outcome as a golden tree. */
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("kind", "stream");
            o.set("chunks", Json.MAPPER.valueToTree(chunks));
            if (error != null) {
                o.set("error", errorJson(error));
            }
            return o;
        }
    }

    /** Returns an error as a golden tree: status, headers and envelope. */
    public static ObjectNode errorJson(ApiException e) {
        ObjectNode o = Json.object();
        o.put("status", e.status());
        if (!e.headers().isEmpty()) {
            o.set("headers", Json.MAPPER.valueToTree(e.headers()));
        }
        o.set("body", e.envelope());
        return o;
    }

    /** Returns the SSE events of a body read in one piece. */
    public static List<SseEvent> events(byte[] body) {
        List<SseEvent> events = new ArrayList<>();
        try {
            SseReader reader = new SseReader(new ByteArrayInputStream(body));
            for (SseEvent e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /**
     * Replays a body split at random points between reads, and a random small reader buffer.
     *
     * @param seed seed of the split points
     */
    public static Result run(byte[] body, StreamTranslator translator, long seed) {
        Random random = new Random(seed);
        List<JsonNode> chunks = new ArrayList<>();
        ChunkSink sink = bytes -> chunks.add(Json.parse(bytes));
        try {
            SseReader reader = new SseReader(new SplitStream(body, random), 1 + random.nextInt(64));
            for (SseEvent e = reader.next(); e != null; e = reader.next()) {
                translator.onEvent(e, sink);
            }
            translator.onEnd(sink);
            return new Result(chunks, null);
        } catch (ApiException e) {
            return new Result(chunks, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An input stream handing out its bytes in random small pieces. */
    static final class SplitStream extends InputStream {
        private final ByteArrayInputStream in;
        private final Random random;

        SplitStream(byte[] body, Random random) {
            this.in = new ByteArrayInputStream(body);
            this.random = random;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 1 + random.nextInt(40)));
        }
    }
}
