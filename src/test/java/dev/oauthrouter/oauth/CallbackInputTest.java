package dev.oauthrouter.oauth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackInputTest {

    @Test
    void parses_full_redirected_url() {
        CallbackInput in = CallbackInput.parsePasted(
                "http://127.0.0.1:8085/oauth2callback?state=s%2B1&code=c-1");
        assertThat(in.code()).isEqualTo("c-1");
        assertThat(in.state()).contains("s+1");
        assertThat(in.error()).isEmpty();
    }

    @Test
    void parses_code_hash_state_and_bare_code() {
        CallbackInput a = CallbackInput.parsePasted("  abc#xyz ");
        assertThat(a.code()).isEqualTo("abc");
        assertThat(a.state()).contains("xyz");
        CallbackInput b = CallbackInput.parsePasted("just-a-code");
        assertThat(b.code()).isEqualTo("just-a-code");
        assertThat(b.state()).isEmpty();
    }

    @Test
    void reports_error_redirects() {
        CallbackInput in = CallbackInput.parsePasted(
                "http://localhost:1/callback?error=access_denied&state=x");
        assertThat(in.error()).isEqualTo("access_denied");
    }

    @Test
    void rejects_empty_and_codeless_input() {
        assertThatThrownBy(() -> CallbackInput.parsePasted(" ")).isInstanceOf(LoginException.class);
        assertThatThrownBy(() -> CallbackInput.parsePasted("http://localhost:1/callback?x=1"))
                .isInstanceOf(LoginException.class).hasMessageContaining("no code");
    }
}
