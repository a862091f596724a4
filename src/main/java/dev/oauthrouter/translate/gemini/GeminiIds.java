package dev.oauthrouter.translate.gemini;

/**
 * Tool call ids for Gemini, which gives none: {@code call_<responseId>_<n>}, stable for one answer
 * whether streamed or not. When Gemini attached a thought signature to the call, the id carries it
 * as {@code .sig.<signature in base64url>}: Gemini requires the signature back on that call in the
 * next turn, and OpenAI clients send back only the ids they were given.
 */
final class GeminiIds {
    private static final String MARK = ".sig.";

    private GeminiIds() {
    }

    /** Returns the id for the n-th call of an answer. */
    static String toolCallId(String responseId, int n, String signature) {
        StringBuilder sb = new StringBuilder("call_");
        for (int i = 0; i < responseId.length(); i++) {
            char c = responseId.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
            sb.append(ok ? c : '_');
        }
        sb.append('_').append(n);
        if (!signature.isEmpty()) {
            sb.append(MARK);
            for (int i = 0; i < signature.length(); i++) {
                char c = signature.charAt(i);
                if (c == '+') {
                    sb.append('-');
                } else if (c == '/') {
                    sb.append('_');
                } else if (c != '=') {
                    sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /** Returns the thought signature carried by an id, in Gemini's base64 form, or empty. */
    static String signature(String id) {
        int at = id.indexOf(MARK);
        if (at < 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(id.length() - at);
        for (int i = at + MARK.length(); i < id.length(); i++) {
            char c = id.charAt(i);
            sb.append(c == '-' ? '+' : c == '_' ? '/' : c);
        }
        while (sb.length() % 4 != 0) {
            sb.append('=');
        }
        return sb.toString();
    }
}
