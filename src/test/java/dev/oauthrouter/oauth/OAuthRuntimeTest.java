package dev.oauthrouter.oauth;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.oauthrouter.credentials.Credential;
import dev.oauthrouter.credentials.CredentialPool;
import dev.oauthrouter.credentials.StoredCredential;
import dev.oauthrouter.store.AesGcmSecretCipher;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.MasterKey;
import dev.oauthrouter.testing.TestDatabases;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime on the real router database and master-key cipher, on H2 and PostgreSQL.
 */
class OAuthRuntimeTest {

    @Test
    void works_on_the_router_database_with_h2() {
        try (Database db = Database.open("jdbc:h2:mem:rt" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1", "sa", "", 4)) {
            exercise(db);
        }
    }

    @Test
    void works_on_the_router_database_with_postgresql() {
        String schema = TestDatabases.createPgSchema();
        try (Database db = Database.open(TestDatabases.PG_URL + "?currentSchema=" + schema, "postgres",
                "", 4)) {
            exercise(db);
        } finally {
            TestDatabases.dropPgSchema(schema);
        }
    }

    private static void exercise(Database db) {
        AesGcmSecretCipher cipher = new AesGcmSecretCipher(MasterKey.generate());
        try (OAuthRuntime oauth = OAuthRuntime.start(db.dataSource(), cipher, OAuthSettings.defaults(),
                Clock.systemUTC())) {
            oauth.store().save(StoredCredential.apiKey("openrouter", "main", "rt-key-1"));

            Credential c = oauth.source("openrouter", List.of("main"), CredentialPool.ApiKeyStyle.BEARER)
                    .acquire();

            assertThat(c.headerValue()).isEqualTo("Bearer rt-key-1");
            assertThat(oauth.hasCredentials("openrouter")).isTrue();
            assertThat(oauth.status()).singleElement().satisfies(i -> assertThat(i.name()).isEqualTo("main"));
        }
    }
}
