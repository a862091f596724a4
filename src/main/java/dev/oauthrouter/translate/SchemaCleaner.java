package dev.oauthrouter.translate;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rewrites client JSON schemas into the dialect each provider accepts. The input is never modified;
 * each method returns a new tree.
 */
public final class SchemaCleaner {
    private static final int MAX_REF_DEPTH = 8;
    // keys of Gemini's Schema object (an OpenAPI 3.0 subset); anything else is rejected upstream
    private static final Set<String> GEMINI_KEYS = Set.of("type", "format", "title", "description",
            "nullable", "enum", "maxItems", "minItems", "properties", "required", "minProperties",
            "maxProperties", "minLength", "maxLength", "pattern", "example", "anyOf", "propertyOrdering",
            "default", "items", "minimum", "maximum");
    // constraints Anthropic structured outputs do not accept
    private static final Set<String> ANTHROPIC_OUTPUT_DROPPED = Set.of("minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "maxItems",
            "minProperties", "maxProperties", "$schema");

    private SchemaCleaner() {
    }

    /** Returns the schema without {@code $schema}, the only keyword generic tool schemas must lose. */
    public static ObjectNode withoutMetaSchema(ObjectNode schema) {
        ObjectNode copy = schema.deepCopy();
        copy.remove("$schema");
        return copy;
    }

    /**
     * Returns the schema for Anthropic structured outputs: every object closed with
     * {@code additionalProperties: false} (required there) and unsupported constraints removed.
     */
    public static ObjectNode anthropicOutput(ObjectNode schema) {
        ObjectNode copy = schema.deepCopy();
        closeObjects(copy);
        return copy;
    }

    private static void closeObjects(JsonNode node) {
        if (node.isArray()) {
            node.forEach(SchemaCleaner::closeObjects);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode o = (ObjectNode) node;
        o.remove(ANTHROPIC_OUTPUT_DROPPED);
        if (("object".equals(o.path("type").asText()) || o.has("properties"))
                && !o.has("additionalProperties")) {
            o.put("additionalProperties", false);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("properties") || e.getKey().equals("$defs")
                    || e.getKey().equals("definitions")) {
                e.getValue().forEach(SchemaCleaner::closeObjects);
            } else if (e.getValue().isContainerNode() && !e.getKey().equals("enum")
                    && !e.getKey().equals("required") && !e.getKey().equals("default")) {
                closeObjects(e.getValue());
            }
        }
    }

    /**
     * Returns the schema in Gemini's OpenAPI subset: local {@code $ref}s inlined, {@code const} turned
     * into a one-value enum, {@code oneOf} into {@code anyOf}, {@code type: [x, "null"]} into
     * {@code nullable}, and every keyword Gemini rejects (e.g. {@code additionalProperties},
     * {@code $schema}) removed.
     */
    public static ObjectNode gemini(ObjectNode schema) {
        JsonNode defs = schema.has("$defs") ? schema.get("$defs") : schema.path("definitions");
        return geminiNode(schema, defs, 0);
    }

    private static ObjectNode geminiNode(JsonNode node, JsonNode defs, int depth) {
        ObjectNode out = Json.object();
        if (!node.isObject()) {
            return out;
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual() && depth < MAX_REF_DEPTH) {
            String r = ref.asText();
            int slash = r.lastIndexOf('/');
            JsonNode target = defs.path(r.substring(slash + 1));
            if (target.isObject()) {
                ObjectNode resolved = geminiNode(target, defs, depth + 1);
                if (node.hasNonNull("description")) {
                    resolved.set("description", node.get("description"));
                }
                return resolved;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            switch (key) {
            case "type" -> geminiType(out, value);
            case "const" -> out.putArray("enum").add(value.isTextual() ? value
                    : Json.NODES.textNode(value.asText()));
            case "enum" -> {
                ArrayNode values = out.putArray("enum");
                value.forEach(v -> {
                    if (!v.isNull()) {
                        values.add(v.isTextual() ? v : Json.NODES.textNode(v.asText()));
                    }
                });
            }
            case "properties" -> {
                ObjectNode props = out.putObject("properties");
                value.fields().forEachRemaining(p -> props.set(p.getKey(), geminiNode(p.getValue(), defs,
                        depth)));
            }
            case "items" -> out.set("items", geminiNode(value, defs, depth));
            case "anyOf", "oneOf" -> {
                ArrayNode any = Json.array();
                boolean nullable = false;
                for (JsonNode alt : value) {
                    if ("null".equals(alt.path("type").asText())) {
                        nullable = true;
                    } else {
                        any.add(geminiNode(alt, defs, depth));
                    }
                }
                if (nullable) {
                    out.put("nullable", true);
                }
                if (any.size() == 1) {
                    ((ObjectNode) any.get(0)).fields().forEachRemaining(f -> out.set(f.getKey(),
                            f.getValue()));
                } else if (!any.isEmpty()) {
                    out.set("anyOf", any);
                }
            }
            default -> {
                if (GEMINI_KEYS.contains(key)) {
                    out.set(key, value.deepCopy());
                }
            }
            }
        }
        // Gemini reads enum values as strings and wants the type said
        if (out.has("enum") && !out.has("type")) {
            out.put("type", "string");
        }
        return out;
    }

    private static void geminiType(ObjectNode out, JsonNode type) {
        if (type.isTextual()) {
            out.put("type", type.asText());
            return;
        }
        if (type.isArray()) {
            String first = null;
            for (JsonNode t : type) {
                if ("null".equals(t.asText())) {
                    out.put("nullable", true);
                } else if (first == null) {
                    first = t.asText();
                }
            }
            if (first != null) {
                out.put("type", first);
            }
        }
    }
}
