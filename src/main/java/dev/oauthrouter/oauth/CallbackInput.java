package dev.oauthrouter.oauth;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What came back from the authorization step: the code and the echoed state, or an error.
 *
 * @param code  authorization code (empty when {@code error} is set)
 * @param state echoed state, empty when the answer had none (a bare pasted code)
 * @param error OAuth error code, empty on success
 */
public record CallbackInput(String code, Optional<String> state, String error) {

    /** Returns the answer from the query string of a redirect. */
    public static CallbackInput fromQuery(String rawQuery) {
        Map<String, String> q = query(rawQuery);
        String error = q.getOrDefault("error", "");
        return new CallbackInput(q.getOrDefault("code", ""), Optional.ofNullable(q.get("state")),
                error.matches("[A-Za-z0-9_.-]{0,64}") ? error : "error");
    }

    /**
     * Parses what the owner pasted: the full redirected URL, {@code code#state}, or a bare code.
     *
     * @throws LoginException when nothing usable was pasted
     */
    public static CallbackInput parsePasted(String pasted) {
        String text = pasted == null ? "" : pasted.trim();
        if (text.isEmpty()) {
            throw new LoginException("Nothing was pasted. Paste the whole address the browser ended on.");
        }
        if (text.startsWith("http://") || text.startsWith("https://") || text.startsWith("?")) {
            String raw = text.startsWith("?") ? text.substring(1) : rawQuery(text);
            CallbackInput in = fromQuery(raw);
            if (in.code().isEmpty() && in.error().isEmpty()) {
                throw new LoginException("The pasted address has no code. Paste the whole address the browser"
                        + " ended on after you approved.");
            }
            return in;
        }
        int hash = text.indexOf('#');
        if (hash > 0) {
            return new CallbackInput(text.substring(0, hash), Optional.of(text.substring(hash + 1)), "");
        }
        return new CallbackInput(text, Optional.empty(), "");
    }

    private static String rawQuery(String url) {
        try {
            String q = URI.create(url).getRawQuery();
            return q == null ? "" : q;
        } catch (IllegalArgumentException e) {
            throw new LoginException("The pasted text is not a valid address. Paste the whole address the"
                    + " browser ended on.");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v,
                    StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Returns a description without the code or state. */
    @Override
    public String toString() {
        return "CallbackInput[code=" + (code.isEmpty() ? "absent" : "present") + ", error=" + error + "]";
    }
}
