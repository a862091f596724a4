package dev.oauthrouter.translate.gemini;

import java.util.Locale;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the parts of Gemini candidates, in one response or across the chunks of a stream, and hands
 * complete pieces to a listener. Function calls streamed as JSON-path patches
 * ({@code willContinue} / {@code partialArgs}) are rebuilt and handed over once complete, so a
 * streamed answer and its non-streamed form produce the same calls.
 */
final class GeminiParts {
    /** Receives the pieces of an answer in order. */
    interface Listener {
        /** Answer text. */
        void text(String text);

        /** Thought summary text. */
        void thought(String text);

        /** A complete function call with its JSON arguments. */
        void toolCall(String id, String name, String arguments);
    }

    private final String fallbackId;
    private String responseId = "";
    private int calls;
    private String pendingName;
    private String pendingSignature;
    private ObjectNode pendingArgs;

    GeminiParts(String fallbackId) {
        this.fallbackId = fallbackId;
    }

    /** Records the response id, the base of the tool call ids. */
    void responseId(String id) {
        if (responseId.isEmpty() && id != null && !id.isEmpty()) {
            responseId = id;
        }
    }

    /** Returns the id of the answer: the provider's, else the fallback. */
    String id() {
        return responseId.isEmpty() ? fallbackId : responseId;
    }

    /** Returns true once a function call was handed over. */
    boolean sawToolCall() {
        return calls > 0;
    }

    /** Reads the parts of one candidate content. */
    void parts(JsonNode parts, Listener l) {
        for (JsonNode part : parts) {
            JsonNode fc = part.get("functionCall");
            String signature = part.path("thoughtSignature").asText("");
            if (fc != null && fc.isObject()) {
                functionCall(fc, signature, l);
            } else if (part.has("text")) {
                String text = part.get("text").asText("");
                if (part.path("thought").asBoolean(false)) {
                    l.thought(text);
                } else {
                    l.text(text);
                }
            } else if (part.has("executableCode")) {
                JsonNode code = part.get("executableCode");
                l.text("\n```" + code.path("language").asText("").toLowerCase(Locale.ROOT) + "\n"
                        + code.path("code").asText("") + "\n```\n");
            } else if (part.has("codeExecutionResult")) {
                l.text("\n```\n" + part.get("codeExecutionResult").path("output").asText("") + "\n```\n");
            }
        }
    }

    private void functionCall(JsonNode fc, String signature, Listener l) {
        boolean more = fc.path("willContinue").asBoolean(false);
        if (fc.hasNonNull("name")) {
            flush(l);
            ObjectNode args = fc.get("args") instanceof ObjectNode o ? o.deepCopy() : Json.object();
            if (!more) {
                emit(fc.get("name").asText(), signature, args, l);
                return;
            }
            pendingName = fc.get("name").asText();
            pendingSignature = signature;
            pendingArgs = args;
            return;
        }
        if (pendingName == null) {
            return;
        }
        if (!signature.isEmpty()) {
            pendingSignature = signature;
        }
        for (JsonNode patch : fc.path("partialArgs")) {
            apply(pendingArgs, patch);
        }
        if (!more) {
            flush(l);
        }
    }

    /** Hands over a call still being patched; called at the end of the answer. */
    void flush(Listener l) {
        if (pendingName != null) {
            String name = pendingName;
            pendingName = null;
            emit(name, pendingSignature, pendingArgs, l);
        }
    }

    private void emit(String name, String signature, ObjectNode args, Listener l) {
        String id = GeminiIds.toolCallId(id(), calls++, signature);
        l.toolCall(id, name, Json.string(args));
    }

    /** Applies one {@code partialArgs} patch ({@code jsonPath} plus a typed value) to the arguments. */
    private static void apply(ObjectNode args, JsonNode patch) {
        String path = patch.path("jsonPath").asText("");
        if (!path.startsWith("$")) {
            return;
        }
        JsonNode value;
        if (patch.has("stringValue")) {
            value = patch.get("stringValue");
        } else if (patch.has("numberValue")) {
            value = patch.get("numberValue");
        } else if (patch.has("boolValue")) {
            value = patch.get("boolValue");
        } else if (patch.has("nullValue")) {
            value = Json.NODES.nullNode();
        } else {
            return;
        }
        // tokens: ".name" or "[n]"
        JsonNode parent = args;
        Object key = null;
        int i = 1;
        while (i < path.length()) {
            Object next;
            if (path.charAt(i) == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                next = path.substring(i + 1, end);
                i = end;
            } else if (path.charAt(i) == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    return;
                }
                String inside = path.substring(i + 1, end);
                next = inside.startsWith("'") || inside.startsWith("\"")
                        ? inside.substring(1, inside.length() - 1)
                        : (Object) Integer.valueOf(inside);
                i = end + 1;
            } else {
                return;
            }
            if (key != null) {
                parent = child(parent, key, next instanceof Integer);
            }
            key = next;
        }
        if (key == null) {
            return;
        }
        if (key instanceof String k && parent instanceof ObjectNode o) {
            JsonNode old = o.get(k);
            o.set(k, old != null && old.isTextual() && value.isTextual()
                    ? Json.NODES.textNode(old.asText() + value.asText())
                    : value);
        } else if (key instanceof Integer n && parent instanceof ArrayNode a) {
            while (a.size() <= n) {
                a.addNull();
            }
            JsonNode old = a.get(n);
            a.set(n, old.isTextual() && value.isTextual() ? Json.NODES.textNode(old.asText()
                    + value.asText()) : value);
        }
    }

    private static JsonNode child(JsonNode parent, Object key, boolean wantArray) {
        JsonNode existing = key instanceof String k ? parent.get(k) : parent.get((Integer) key);
        if (existing != null && existing.isContainerNode()) {
            return existing;
        }
        JsonNode created = wantArray ? Json.array() : Json.object();
        if (key instanceof String k && parent instanceof ObjectNode o) {
            o.set(k, created);
        } else if (key instanceof Integer n && parent instanceof ArrayNode a) {
            while (a.size() <= n) {
                a.addNull();
            }
            a.set(n, created);
        }
        return created;
    }
}
