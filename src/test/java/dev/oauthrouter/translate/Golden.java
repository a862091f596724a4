package dev.oauthrouter.translate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Reviewed golden files under {@code src/test/resources/golden/}. A missing golden file is written
 * only when the build runs with {@code -Dgolden.create=true}, and the test still fails so that the
 * new file is read and checked by hand before it is trusted. Existing files are never overwritten.
 */
public final class Golden {
    private static final Path ROOT = Path.of("src", "test", "resources", "golden");

    private Golden() {
    }

    /** Compares a tree with the golden file {@code golden/<name>}. */
    public static void assertMatches(String name, JsonNode actual) {
        Path file = ROOT.resolve(name);
        if (!Files.exists(file)) {
            if (Boolean.getBoolean("golden.create")) {
                write(file, actual);
                fail("Wrote new golden file " + file + "; review it against the capture, then rerun.");
            }
            fail("Missing golden file " + file
                    + " (create it once with -Dgolden.create=true and review it).");
        }
        JsonNode expected;
        try {
            expected = Json.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(normalized(actual)).as("translation of " + name).isEqualTo(expected);
    }

    /** Returns the tree as it reads back from JSON text (number node types normalized). */
    public static JsonNode normalized(JsonNode tree) {
        return Json.parse(Json.bytes(tree));
    }

    private static void write(Path file, JsonNode tree) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, render(tree, ""), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders objects one field per line, and arrays of chunks one chunk per line, for review. */
    static String render(JsonNode node, String indent) throws JsonProcessingException {
        if (node.isObject() && !isChunk(node) && !node.isEmpty()) {
            StringBuilder sb = new StringBuilder("{\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(indent).append("  ").append(Json.MAPPER.writeValueAsString(e.getKey())).append(": ")
                        .append(render(e.getValue(), indent + "  ")).append(it.hasNext() ? ",\n" : "\n");
            }
            return sb.append(indent).append('}').toString();
        }
        if (node.isArray() && !node.isEmpty() && node.get(0).isContainerNode()) {
            StringBuilder sb = new StringBuilder("[\n");
            for (int i = 0; i < node.size(); i++) {
                sb.append(indent).append("  ").append(render(node.get(i), indent + "  "))
                        .append(i + 1 < node.size() ? ",\n" : "\n");
            }
            return sb.append(indent).append(']').toString();
        }
        return Json.MAPPER.writeValueAsString(node);
    }

    private static boolean isChunk(JsonNode node) {
        return "chat.completion.chunk".equals(node.path("object").asText());
    }
}
