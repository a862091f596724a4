package dev.oauthrouter.admin;

import java.time.Instant;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.Usage;
import dev.oauthrouter.quota.Plans;
import dev.oauthrouter.store.AesGcmSecretCipher;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.Dialect;
import dev.oauthrouter.store.MasterKey;
import dev.oauthrouter.store.TestDatabase;
import dev.oauthrouter.testing.MutableClock;
import dev.oauthrouter.usage.JdbcUsageSink;
import dev.oauthrouter.usage.UsageRecord;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@ServerTest(pinningDetection = true)
class AdminApiTest {
    private static final String KEY = "admin-key-for-tests";
    private static final TestDatabase DB = TestDatabase.create(Dialect.H2);
    private static Database database;
    private static TokenService tokens;
    private final Http1Client client;

    AdminApiTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        database = DB.open();
        tokens = new TokenService(database, new AesGcmSecretCipher(MasterKey.generate()), Plans.defaults(),
                new MutableClock(Instant.parse("2026-12-15T10:00:00Z")));
        // the extra authorizer stands in for the dashboard session cookie
        routing.addFeature(AdminFeature.create(KEY, tokens,
                req -> req.headers().first(HeaderNames.COOKIE).orElse("").contains("session=good")));
        routing.get("/other", (req, res) -> res.send("untouched"));
    }

    @AfterAll
    static void closeDatabase() {
        DB.close();
    }

    @Test
    void wrong_or_missing_admin_key_gets_401_envelope() {
        ClientResponseTyped<String> none = client.get("/admin/api/tokens").request(String.class);
        assertThat(none.status()).isEqualTo(Status.UNAUTHORIZED_401);
        assertThat(Json.parse(none.entity()).at("/error/type").asText()).isEqualTo("authentication_error");
        ClientResponseTyped<String> wrong = client.get("/admin/api/tokens")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + KEY + "x").request(String.class);
        assertThat(wrong.status()).isEqualTo(Status.UNAUTHORIZED_401);
        assertThat(wrong.entity()).doesNotContain(KEY);
    }

    @Test
    void extra_authorizer_lets_the_dashboard_in_and_other_paths_pass() {
        ClientResponseTyped<String> cookie = client.get("/admin/api/plans")
                .header(HeaderNames.COOKIE, "session=good").request(String.class);
        assertThat(cookie.status()).isEqualTo(Status.OK_200);
        assertThat(client.get("/other").request(String.class).entity()).isEqualTo("untouched");
    }

    @Test
    void token_lifecycle_through_the_api() {
        JsonNode created = call("POST", "/admin/api/tokens",
                "{\"name\":\"api-one\",\"plan\":\"starter\",\"expires_at\":\"2027-06-30\","
                        + "\"models\":[\"openai/*\"]}", Status.CREATED_201);
        String secret = created.get("token").asText();
        assertThat(secret).startsWith("lr_live_");
        assertThat(created.get("name").asText()).isEqualTo("api-one");
        assertThat(created.get("limit").asLong()).isEqualTo(1000);
        assertThat(created.get("state").asText()).isEqualTo("active");
        assertThat(created.get("expires_at").asText()).isEqualTo("2027-07-01T00:00:00Z");
        assertThat(created.get("models").get(0).asText()).isEqualTo("openai/*");
        assertThat(created.get("last_used_at").isNull()).isTrue();

        JsonNode list = call("GET", "/admin/api/tokens", null, Status.OK_200);
        JsonNode listed = find(list.get("data"), "api-one");
        assertThat(listed.has("token")).isFalse();
        assertThat(listed.get("used").asLong()).isZero();
        assertThat(list.toString()).doesNotContain(secret);

        assertThat(call("POST", "/admin/api/tokens/api-one/reveal", null, Status.OK_200).get("token")
                .asText())
                .isEqualTo(secret);
        JsonNode regenerated = call("POST", "/admin/api/tokens/api-one/regenerate", null, Status.OK_200);
        assertThat(regenerated.get("token").asText()).startsWith("lr_live_").isNotEqualTo(secret);
        assertThat(regenerated.get("plan").asText()).isEqualTo("starter");

        JsonNode enterprise = call("PUT", "/admin/api/tokens/api-one/plan", "{\"plan\":\"enterprise\"}",
                Status.OK_200);
        assertThat(enterprise.get("limit").isNull()).isTrue();
        JsonNode models = call("PUT", "/admin/api/tokens/api-one/models", "{\"models\":[]}", Status.OK_200);
        assertThat(models.get("models").size()).isZero();
        JsonNode revoked = call("POST", "/admin/api/tokens/api-one/revoke", null, Status.OK_200);
        assertThat(revoked.get("state").asText()).isEqualTo("revoked");
    }

    @Test
    void plans_and_usage_reports() {
        JsonNode plans = call("GET", "/admin/api/plans", null, Status.OK_200);
        assertThat(plans.get("data")).hasSize(4);
        assertThat(plans.at("/data/0/name").asText()).isEqualTo("free");
        assertThat(plans.at("/data/0/limit").asLong()).isEqualTo(100);
        assertThat(plans.at("/data/3/limit").isNull()).isTrue();

        tokens.create(TokenSpec.named("reporter"));
        long id = idOf("reporter");
        JdbcUsageSink sink = JdbcUsageSink.create(database);
        sink.record(new UsageRecord("r1", id, "openai", "gpt-4o", 200, new Usage(12, 8, -1, -1), 40,
                Instant.parse("2026-12-03T01:00:00Z"), false, false));
        sink.record(new UsageRecord("r2", id, "openai", "gpt-4o", 200, new Usage(3, 2, -1, -1), 40,
                Instant.parse("2026-12-04T01:00:00Z"), true, false));
        sink.close();

        JsonNode usage = call("GET", "/admin/api/usage?month=2026-12&token=reporter", null, Status.OK_200);
        assertThat(usage.get("month").asText()).isEqualTo("2026-12");
        assertThat(usage.at("/totals/requests").asLong()).isEqualTo(2);
        assertThat(usage.at("/totals/prompt_tokens").asLong()).isEqualTo(15);
        assertThat(usage.at("/totals/completion_tokens").asLong()).isEqualTo(10);
        assertThat(usage.at("/by_day/0/day").asText()).isEqualTo("2026-12-03");
        assertThat(usage.at("/by_model/0/model").asText()).isEqualTo("openai/gpt-4o");
        assertThat(usage.at("/by_token/0/token").asText()).isEqualTo("reporter");
        JsonNode current = call("GET", "/admin/api/usage", null, Status.OK_200);
        assertThat(current.get("month").asText()).isEqualTo("2026-12");
    }

    @Test
    void bad_input_names_the_field_and_unknown_tokens_are_404() {
        assertError(call("POST", "/admin/api/tokens", "{\"plan\":\"free\"}", Status.BAD_REQUEST_400), "name");
        assertError(call("POST", "/admin/api/tokens", "{\"name\":\"x\",\"plan\":\"gold\"}",
                Status.BAD_REQUEST_400), "plan");
        assertError(call("POST", "/admin/api/tokens", "{\"name\":\"x\",\"expires_at\":\"soon\"}",
                Status.BAD_REQUEST_400), "expires_at");
        assertError(call("POST", "/admin/api/tokens", "{\"name\":\"x\",\"models\":\"openai/*\"}",
                Status.BAD_REQUEST_400), "models");
        assertThat(call("POST", "/admin/api/tokens", "not json", Status.BAD_REQUEST_400)
                .at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertError(call("GET", "/admin/api/usage?month=12-2026", null, Status.BAD_REQUEST_400), "month");
        JsonNode missing = call("POST", "/admin/api/tokens/nobody/revoke", null, Status.NOT_FOUND_404);
        assertThat(missing.at("/error/message").asText()).contains("nobody");
        call("PUT", "/admin/api/tokens/nobody/plan", "{\"plan\":\"pro\"}", Status.NOT_FOUND_404);
        call("GET", "/admin/api/nothing-here", null, Status.NOT_FOUND_404);
        call("POST", "/admin/api/tokens", "{\"name\":\"twice\"}", Status.CREATED_201);
        assertError(call("POST", "/admin/api/tokens", "{\"name\":\"twice\"}", Status.CONFLICT_409), "name");
    }

    private long idOf(String name) {
        return new dev.oauthrouter.store.JdbcTokenStore(database).byName(name).orElseThrow().id();
    }

    private static void assertError(JsonNode body, String param) {
        assertThat(body.at("/error/param").asText()).isEqualTo(param);
        assertThat(body.at("/error/message").asText()).isNotBlank();
    }

    private static JsonNode find(JsonNode data, String name) {
        for (JsonNode n : data) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no token " + name + " in " + data);
    }

    private JsonNode call(String method, String path, String body, Status expected) {
        int q = path.indexOf('?');
        var request = client.method(io.helidon.http.Method.create(method))
                .path(q < 0 ? path : path.substring(0, q))
                .header(HeaderNames.AUTHORIZATION, "Bearer " + KEY);
        if (q >= 0) {
            for (String pair : path.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                request.queryParam(kv[0], kv[1]);
            }
        }
        ClientResponseTyped<String> res = body == null
                ? request.request(String.class)
                : request.header(HeaderNames.CONTENT_TYPE, "application/json").submit(body, String.class);
        assertThat(res.status()).as(method + " " + path + " -> " + res.entity()).isEqualTo(expected);
        assertThat(res.headers().first(HeaderNames.CONTENT_TYPE).orElse("")).startsWith("application/json");
        return Json.parse(res.entity());
    }
}
