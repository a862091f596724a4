package dev.oauthrouter.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.Dialect;
import dev.oauthrouter.store.JdbcTokenStore;
import dev.oauthrouter.store.TestDatabase;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedTokenAuthenticatorTest {
    @Test
    void secrets_have_the_router_shape_and_never_repeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String s = TokenSecrets.generate();
            assertThat(s).matches("lr_live_[0-9A-Za-z]{40}");
            assertThat(seen.add(s)).isTrue();
        }
        String s = TokenSecrets.generate();
        assertThat(TokenSecrets.hash(s)).hasSize(64).isLowerCase().doesNotContain(s.substring(8));
        assertThat(TokenSecrets.matches(s, TokenSecrets.hash(s))).isTrue();
        assertThat(TokenSecrets.matches(s + "x", TokenSecrets.hash(s))).isFalse();
        assertThat(TokenSecrets.plausible("sk-abc")).isFalse();
        assertThat(TokenSecrets.plausible(null)).isFalse();
    }

    @Test
    void answers_repeat_lookups_from_memory() {
        try (TestDatabase t = TestDatabase.create(Dialect.H2)) {
            Database db = t.open();
            String secret = TokenSecrets.generate();
            new JdbcTokenStore(db).insert("mem", TokenSecrets.hash(secret), "sealed", "free",
                    List.of("openai/*"),
                    Instant.now(), Optional.empty());
            try (CachedTokenAuthenticator auth = new CachedTokenAuthenticator(new JdbcTokenStore(db),
                    Clock.systemUTC(), Duration.ofMinutes(5))) {
                assertThat(auth.authenticate(secret)).isPresent();
                db.close();
                // the database is gone: only the cache can answer
                TokenPrincipal p = auth.authenticate(secret).orElseThrow();
                assertThat(p.name()).isEqualTo("mem");
                assertThat(p.allows("openai/gpt-4o")).isTrue();
                assertThat(p.allows("anthropic/claude")).isFalse();
                // a token never seen needs the database, which answers 503 rather than a false 401
                assertThatThrownBy(() -> auth.authenticate(TokenSecrets.generate()))
                        .isInstanceOfSatisfying(ApiException.class, e ->
                                assertThat(e.status()).isEqualTo(503));
                // shapes that cannot be tokens are refused without a lookup
                assertThat(auth.authenticate("Bearer nonsense")).isEmpty();
            }
        }
    }
}
