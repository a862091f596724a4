package dev.oauthrouter.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful token endpoint answer.
 *
 * @param accessToken  new access token
 * @param refreshToken new refresh token, empty when the server does not rotate or issue one
 * @param expiresIn    lifetime of the access token, if given
 * @param scope        granted scope, empty if not given
 */
public record TokenResponse(String accessToken, String refreshToken, Optional<Duration> expiresIn,
        String scope) {

    /**
     * Parses the standard RFC 6749 answer.
     *
     * @throws TokenEndpointException (transient) when {@code access_token} is missing
     */
    public static TokenResponse parse(JsonNode body) {
        String access = body.path("access_token").asText("");
        if (access.isEmpty()) {
            throw new TokenEndpointException(TokenFailure.TRANSIENT, 200, "malformed_response", null,
                    "token endpoint answered without an access_token");
        }
        JsonNode exp = body.get("expires_in");
        Optional<Duration> expiresIn = exp != null && exp.canConvertToLong() && exp.asLong() > 0
                ? Optional.of(Duration.ofSeconds(exp.asLong()))
                : exp != null && exp.isTextual() && exp.asText().matches("\\d{1,9}")
                        ? Optional.of(Duration.ofSeconds(Long.parseLong(exp.asText())))
                        : Optional.empty();
        return new TokenResponse(access, body.path("refresh_token").asText(""), expiresIn,
                body.path("scope").asText(""));
    }

    /** Returns the expiry instant relative to {@code now}. */
    public Optional<Instant> expiresAt(Instant now) {
        return expiresIn.map(now::plus);
    }

    /** Returns a description without tokens. */
    @Override
    public String toString() {
        return "TokenResponse[refresh=" + (refreshToken.isEmpty() ? "absent" : "present") + ", expiresIn="
                + expiresIn.map(Duration::toString).orElse("unknown") + "]";
    }
}
