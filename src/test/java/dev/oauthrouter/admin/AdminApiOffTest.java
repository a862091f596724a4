package dev.oauthrouter.admin;

import java.time.Clock;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.quota.Plans;
import dev.oauthrouter.store.AesGcmSecretCipher;
import dev.oauthrouter.store.Dialect;
import dev.oauthrouter.store.MasterKey;
import dev.oauthrouter.store.TestDatabase;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@ServerTest(pinningDetection = true)
class AdminApiOffTest {
    private static final TestDatabase DB = TestDatabase.create(Dialect.H2);
    private final Http1Client client;

    AdminApiOffTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        TokenService tokens = new TokenService(DB.open(), new AesGcmSecretCipher(MasterKey.generate()),
                Plans.defaults(), Clock.systemUTC());
        routing.addFeature(AdminFeature.create("", tokens, req -> true));
    }

    @AfterAll
    static void closeDatabase() {
        DB.close();
    }

    @Test
    void without_an_admin_key_the_whole_api_is_404() {
        for (String path : new String[] {"/admin/api/tokens", "/admin/api/plans", "/admin/api"}) {
            ClientResponseTyped<String> res = client.get(path)
                    .header(HeaderNames.AUTHORIZATION, "Bearer anything").request(String.class);
            assertThat(res.status()).as(path).isEqualTo(Status.NOT_FOUND_404);
            assertThat(Json.parse(res.entity()).at("/error/type").asText()).isEqualTo("not_found_error");
        }
    }
}
