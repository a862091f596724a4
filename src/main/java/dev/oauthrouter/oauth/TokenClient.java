package dev.oauthrouter.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.oauthrouter.credentials.BodyFormat;
import dev.oauthrouter.credentials.RateLimits;
import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Posts to OAuth token, device and key endpoints and classifies failures.
 *
 * <p>Uses the JDK HTTP client, which logs nothing about bodies or headers unless explicitly enabled
 * with {@code -Djdk.httpclient.HttpClient.log}; the bodies here are full of secrets. Redirects are
 * not followed, so a secret is never re-sent to another host.
 */
public final class TokenClient {
    private static final System.Logger LOGGER = System.getLogger(TokenClient.class.getName());
    private static final String USER_AGENT = "OauthRouter/0.1";

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    private TokenClient(Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * Creates a client.
     *
     * @param timeout connect and whole-request timeout
     * @param clock   used to turn Retry-After dates into waits
     */
    public static TokenClient create(Duration timeout, Clock clock) {
        return new TokenClient(timeout, clock);
    }

    /**
     * Posts a token request and parses the standard answer.
     *
     * @throws TokenEndpointException classified failure
     */
    public TokenResponse token(URI url, BodyFormat format, Map<String, String> params) {
        return TokenResponse.parse(post(url, format, params));
    }

    /**
     * Posts parameters as a form or JSON body and returns the JSON answer.
     *
     * @throws TokenEndpointException classified failure; also for an HTTP 200 carrying an
     *                                {@code error} field (GitHub answers device polls that way)
     */
    public JsonNode post(URI url, BodyFormat format, Map<String, String> params) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("Content-Type", format == BodyFormat.JSON
                        ? "application/json" : "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body(format, params)))
                .build();
        String target = url.getHost() + ":" + url.getPort() + url.getPath();
        LOGGER.log(System.Logger.Level.DEBUG, () -> "token endpoint request url=" + target
                + " grant=" + params.getOrDefault("grant_type", "-"));
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenEndpointException(TokenFailure.TRANSIENT, 0, "network", null,
                    "token endpoint " + target + " unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenEndpointException(TokenFailure.TRANSIENT, 0, "interrupted", null,
                    "token request to " + target + " was interrupted");
        }
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        String error = errorCode(json);
        LOGGER.log(System.Logger.Level.DEBUG, () -> "token endpoint answer url=" + target + " status="
                + status
                + (error.isEmpty() ? "" : " error=" + error));
        if (status / 100 == 2 && error.isEmpty()) {
            if (json == null || !json.isObject()) {
                throw new TokenEndpointException(TokenFailure.TRANSIENT, status, "malformed_response", null,
                        "token endpoint " + target + " answered HTTP " + status + " without a JSON object");
            }
            return json;
        }
        Duration retryAfter = RateLimits.retryAfter(
                name -> response.headers().firstValue(name), clock.instant()).orElse(null);
        TokenFailure failure = classify(status, error);
        String code = error.isEmpty() ? "http_" + status : error;
        throw new TokenEndpointException(failure, status, code, retryAfter,
                "token endpoint " + target + " answered HTTP " + status + " (" + code + ")");
    }

    static TokenFailure classify(int status, String error) {
        switch (error) {
        case "authorization_pending", "slow_down", "temporarily_unavailable" -> {
            return TokenFailure.TRANSIENT;
        }
        default -> {
            // fall through to the status table
        }
        }
        if (status == 429) {
            return TokenFailure.RATE_LIMITED;
        }
        if (status == 0 || status == 408 || status >= 500) {
            return TokenFailure.TRANSIENT;
        }
        return TokenFailure.PERMANENT;
    }

    private static String body(BodyFormat format, Map<String, String> params) {
        if (format == BodyFormat.JSON) {
            ObjectNode n = Json.object();
            params.forEach(n::put);
            return Json.string(n);
        }
        return params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.parse(body);
        } catch (Json.JsonParseFailure e) {
            return null;
        }
    }

    /** Returns the sanitized OAuth error code of an answer, or "" when there is none. */
    static String errorCode(JsonNode json) {
        if (json == null || !json.isObject()) {
            return "";
        }
        JsonNode e = json.get("error");
        String raw = "";
        if (e != null && e.isTextual()) {
            raw = e.asText();
        } else if (e != null && e.isObject()) {
            raw = Optional.ofNullable(e.get("code")).or(() -> Optional.ofNullable(e.get("type")))
                    .map(JsonNode::asText).orElse("error");
        }
        if (raw.isEmpty()) {
            return "";
        }
        String clean = raw.toLowerCase(Locale.ROOT);
        return clean.matches("[a-z0-9_.-]{1,64}") ? clean : "error";
    }
}
