package dev.oauthrouter.oauth;

import dev.oauthrouter.json.Json;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenClientTest {

    @Test
    void classifies_failures() {
        assertThat(TokenClient.classify(400, "invalid_grant")).isEqualTo(TokenFailure.PERMANENT);
        assertThat(TokenClient.classify(400, "refresh_token_reused")).isEqualTo(TokenFailure.PERMANENT);
        assertThat(TokenClient.classify(401, "")).isEqualTo(TokenFailure.PERMANENT);
        assertThat(TokenClient.classify(429, "")).isEqualTo(TokenFailure.RATE_LIMITED);
        assertThat(TokenClient.classify(503, "")).isEqualTo(TokenFailure.TRANSIENT);
        assertThat(TokenClient.classify(0, "network")).isEqualTo(TokenFailure.TRANSIENT);
        assertThat(TokenClient.classify(400, "authorization_pending")).isEqualTo(TokenFailure.TRANSIENT);
        assertThat(TokenClient.classify(200, "slow_down")).isEqualTo(TokenFailure.TRANSIENT);
    }

    @Test
    void reads_error_codes_of_both_shapes_and_drops_anything_odd() {
        assertThat(TokenClient.errorCode(Json.parse("{\"error\":\"invalid_grant\"}")))
                .isEqualTo("invalid_grant");
        assertThat(TokenClient.errorCode(Json.parse("{\"error\":{\"code\":\"refresh_token_reused\"}}")))
                .isEqualTo("refresh_token_reused");
        assertThat(TokenClient.errorCode(Json.parse("{\"error\":\"bad token sk-123 here\"}")))
                .isEqualTo("error");
        assertThat(TokenClient.errorCode(Json.parse("{\"access_token\":\"x\"}"))).isEmpty();
    }
}
