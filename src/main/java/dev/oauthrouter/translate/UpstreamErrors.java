package dev.oauthrouter.translate;

import java.util.regex.Pattern;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The one table from an upstream error status to our envelope, plus message extraction and secret
 * redaction shared by every translator.
 */
public final class UpstreamErrors {
    // key-like strings: known prefixes, bearer values, and long opaque runs that some providers echo back
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(bearer\\s+)[A-Za-z0-9._~+/=*-]{8,}"
                    + "|\\b(?:sk|rk|pk|lr_live|gsk|xai|csk|AIza|ya29|ghp|gho|ghu|github_pat|key)"
                    + "[-_.][A-Za-z0-9._*-]{6,}"
                    + "|\\b[A-Za-z0-9_*-]{40,}\\b");

    private UpstreamErrors() {
    }

    /**
     * Maps an upstream error answer to our envelope.
     *
     * @param provider   provider name, for the message
     * @param status     upstream HTTP status
     * @param message    upstream message (already extracted, may be empty)
     * @param retryAfter upstream Retry-After value or empty
     */
    public static ApiException map(String provider, int status, String message, String retryAfter) {
        String clean = message.strip();
        // the sentences below add their own full stop
        if (clean.endsWith(".")) {
            clean = clean.substring(0, clean.length() - 1);
        }
        String detail = clean.isBlank() ? "" : ": " + redact(clean);
        ApiException e = switch (status) {
        case 400, 413, 422 -> new ApiException(400, "invalid_request_error", "upstream_bad_request", null,
                provider + " rejected the request (HTTP " + status + ")" + detail + ".");
        case 401, 403 -> new ApiException(502, "api_error", "upstream_auth_failed", null,
                provider + " refused our credentials (HTTP " + status + ")" + detail
                        + ". Check the " + provider + " API key or credential in the router's configuration.");
        case 402 -> new ApiException(402, "insufficient_quota", "upstream_payment_required", null,
                provider + " says the account has no credit left (HTTP 402)" + detail
                        + ". Top up the " + provider + " account.");
        case 404 -> new ApiException(404, "not_found_error", "model_not_found", "model",
                provider + " does not know this model or endpoint (HTTP 404)" + detail
                        + ". Check the model id with GET /v1/models.");
        case 408, 504 -> new ApiException(502, "api_error", "upstream_timeout", null,
                provider + " timed out (HTTP " + status + ")" + detail + ". Retry the request.");
        case 529 -> new ApiException(503, "api_error", "upstream_overloaded", null,
                provider + " is overloaded (HTTP 529)" + detail + ". Retry the request later.");
        case 429 -> new ApiException(429, "rate_limit_error", "upstream_rate_limited", null,
                provider + " is rate limiting this key (HTTP 429)" + detail
                        + (retryAfter.isBlank() ? ". Retry later." : ". Retry after " + retryAfter + " s."));
        default -> status >= 500
                ? new ApiException(502, "api_error", "upstream_error", null,
                        provider + " failed (HTTP " + status + ")" + detail + ". Retry the request.")
                : new ApiException(400, "invalid_request_error", "upstream_bad_request", null,
                        provider + " rejected the request (HTTP " + status + ")" + detail + ".");
        };
        if ((status == 429 || status == 529) && !retryAfter.isBlank()) {
            e.header("Retry-After", retryAfter);
        }
        return e;
    }

    /**
     * Parses a provider's non-streaming answer.
     *
     * @throws ApiException {@code upstream_bad_response} when the body is not JSON
     */
    public static JsonNode parseAnswer(byte[] body, String provider) {
        try {
            return Json.parse(body);
        } catch (Json.JsonParseFailure e) {
            throw ApiException.upstream("upstream_bad_response",
                    provider + " answered with a body that is not JSON: " + e.getMessage());
        }
    }

    /**
     * Extracts a human message from an error body of any provider's shape: {@code error.message},
     * {@code error} as string, {@code message}, {@code errors[0].message}, {@code detail}; falls back to
     * the start of the raw text.
     */
    public static String message(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode n = Json.parse(body);
            if (n.isArray() && !n.isEmpty()) {
                n = n.get(0);
            }
            JsonNode error = n.get("error");
            if (error != null && error.isObject() && error.hasNonNull("message")) {
                return error.get("message").asText();
            }
            if (error != null && error.isTextual()) {
                return error.asText();
            }
            if (n.hasNonNull("message")) {
                return n.get("message").asText();
            }
            JsonNode errors = n.get("errors");
            if (errors != null && errors.isArray() && !errors.isEmpty() && errors.get(0).hasNonNull("message")) {
                return errors.get(0).get("message").asText();
            }
            if (n.hasNonNull("detail")) {
                return n.get("detail").isTextual() ? n.get("detail").asText() : Json.string(n.get("detail"));
            }
        } catch (Json.JsonParseFailure ignored) {
            // not JSON: use the text itself
        }
        String text = new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8);
        return text.strip();
    }

    /** Replaces anything that looks like a credential with {@code [redacted]}. */
    public static String redact(String text) {
        return SECRET.matcher(text).replaceAll(m -> m.group(1) != null ? m.group(1) + "[redacted]" : "[redacted]");
    }
}
