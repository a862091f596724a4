package dev.oauthrouter.translate.anthropic;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Carries Anthropic thinking blocks through OpenAI clients inside the tool call id we issue.
 *
 * <p>With extended thinking, Anthropic requires the thinking blocks (text and signature, or
 * redacted data) of an assistant turn that used tools to be sent back unchanged with the tool
 * results. OpenAI clients keep only the tool call ids, so the first tool call id of such a turn is
 * {@code <tool_use id>.th.<base64url(deflate(JSON array of the blocks))>}; the router is stateless
 * and needs nothing else. Ids without the marker are provider ids and pass through unchanged.
 */
final class ThinkingIds {
    private static final String MARK = ".th.";

    private ThinkingIds() {
    }

    /** Returns the id to give the client: the tool_use id, plus the blocks when there are any. */
    static String attach(String toolUseId, List<ObjectNode> blocks) {
        if (blocks.isEmpty()) {
            return toolUseId;
        }
        ArrayNode array = Json.array();
        blocks.forEach(array::add);
        byte[] json = Json.bytes(array);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(json);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 2 + 16);
        byte[] buf = new byte[4096];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return toolUseId + MARK + Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /**
     * Returns the Anthropic tool_use id inside a client id: the part before any marker, with
     * characters Anthropic rejects (it allows {@code [A-Za-z0-9_-]}) replaced by {@code _}.
     */
    static String baseId(String id) {
        int dot = id.indexOf(MARK);
        String base = dot < 0 ? id : id.substring(0, dot);
        StringBuilder sb = new StringBuilder(base.length());
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                    || c == '-';
            sb.append(ok ? c : '_');
        }
        return sb.isEmpty() ? "toolu_empty" : sb.toString();
    }

    /** Returns the thinking blocks carried by a client id; empty when it carries none or is damaged. */
    static List<ObjectNode> blocks(String id) {
        List<ObjectNode> blocks = new ArrayList<>();
        int dot = id.indexOf(MARK);
        if (dot < 0) {
            return blocks;
        }
        try {
            byte[] packed = Base64.getUrlDecoder().decode(id.substring(dot + MARK.length()));
            Inflater inflater = new Inflater(true);
            inflater.setInput(packed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(packed.length * 3);
            byte[] buf = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
            inflater.end();
            JsonNode array = Json.parse(out.toByteArray());
            for (JsonNode b : array) {
                String type = b.path("type").asText();
                if (b.isObject() && (type.equals("thinking") || type.equals("redacted_thinking"))) {
                    blocks.add((ObjectNode) b);
                }
            }
        } catch (IllegalArgumentException | DataFormatException | Json.JsonParseFailure e) {
            // a client altered the id: send the turn without thinking, Anthropic then says what is missing
            blocks.clear();
        }
        return blocks;
    }
}
