package dev.oauthrouter.oauth;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PkceTest {

    @Test
    void challenge_matches_rfc_7636_appendix_b() {
        assertThat(Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void verifier_and_state_are_43_url_safe_characters_and_unique() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Pkce p = Pkce.create();
            assertThat(p.verifier()).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(p.state()).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(p.challenge()).isEqualTo(Pkce.challenge(p.verifier()));
            assertThat(seen.add(p.verifier())).isTrue();
            assertThat(seen.add(p.state())).isTrue();
        }
    }

    @Test
    void to_string_hides_verifier_and_state() {
        Pkce p = Pkce.create();
        assertThat(p.toString()).doesNotContain(p.verifier()).doesNotContain(p.state());
    }
}
