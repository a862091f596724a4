package dev.oauthrouter.json;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one shared Jackson mapper and small helpers around it.
 */
public final class Json {
    /** Shared mapper: tolerant of unknown fields, omits nulls in records. */
    public static final ObjectMapper MAPPER = createMapper();
    /** Node factory used to build trees. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    private static ObjectMapper createMapper() {
        JsonFactory factory = JsonFactory.builder()
                // prompts with images can be large strings; the body size limit is enforced by the server
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNestingDepth(200)
                        .build())
                .build();
        return new ObjectMapper(factory)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, false)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Returns a new empty object node. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Returns a new empty array node. */
    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * Parses bytes into a tree.
     *
     * @throws JsonParseFailure when the bytes are not JSON
     */
    public static JsonNode parse(byte[] bytes) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null) {
                throw new JsonParseFailure("empty body");
            }
            return node;
        } catch (IOException e) {
            throw new JsonParseFailure(shortMessage(e));
        }
    }

    /** Parses a string into a tree; see {@link #parse(byte[])}. */
    public static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null) {
                throw new JsonParseFailure("empty body");
            }
            return node;
        } catch (IOException e) {
            throw new JsonParseFailure(shortMessage(e));
        }
    }

    /** Serializes a tree or record to compact UTF-8 bytes. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serializes a tree or record to a compact string. */
    public static String string(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shortMessage(IOException e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                ? jpe.getOriginalMessage()
                : e.getMessage();
        if (m == null) {
            return "malformed JSON";
        }
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    /** Thrown when bytes that should be JSON are not. */
    public static final class JsonParseFailure extends RuntimeException {
        JsonParseFailure(String message) {
            super(message, null, false, false);
        }
    }
}
