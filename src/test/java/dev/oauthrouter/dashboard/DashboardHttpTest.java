package dev.oauthrouter.dashboard;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import dev.oauthrouter.json.Json;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardHttpTest {
    private static final String ADMIN_KEY = "admin-key-for-http-test";
    private static DashboardTestRouter router;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        router = DashboardTestRouter.start(ADMIN_KEY);
    }

    @AfterAll
    static void stop() {
        router.close();
    }

    @Test
    void dashboard_root_redirects_to_the_tokens_page_and_pages_carry_a_strict_policy() throws Exception {
        HttpResponse<String> root = get("/dashboard", null);
        assertThat(root.statusCode()).isEqualTo(303);
        assertThat(root.headers().firstValue("Location")).contains("/dashboard/api");
        for (String page : new String[] {"api", "providers", "usage", "setup"}) {
            HttpResponse<String> res = get("/dashboard/" + page, null);
            assertThat(res.statusCode()).as(page).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Security-Policy").orElse("")).as(page)
                    .contains("script-src 'self'; ").doesNotContain("unsafe-inline");
            assertThat(res.body()).contains("/dashboard/static/app.js").doesNotContain("<script>");
        }
        assertThat(get("/dashboard/static/vendor/chart.umd.min.js", null).body()).contains("Chart");
        assertThat(get("/dashboard/static/../index.html", null).statusCode()).isIn(400, 404);
        assertThat(get("/dashboard/elsewhere", null).statusCode()).isEqualTo(404);
    }

    @Test
    void sign_in_sets_a_strict_http_only_cookie_that_opens_the_admin_api_for_reads() throws Exception {
        HttpResponse<String> signIn = signIn(ADMIN_KEY, null);
        assertThat(signIn.statusCode()).isEqualTo(200);
        String setCookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(DashboardSessions.COOKIE + "=")
                .contains("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=").doesNotContain("Secure");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(get("/admin/api/tokens", cookie).statusCode()).isEqualTo(200);
        assertThat(get("/admin/api/tokens", null).statusCode()).isEqualTo(401);
        JsonNode status = Json.parse(get("/dashboard/session", cookie).body().getBytes());
        assertThat(status.get("signed_in").asBoolean()).isTrue();
        assertThat(status.get("csrf_token").asText()).isEqualTo(Json.parse(signIn.body().getBytes())
                .get("csrf_token").asText());
    }

    @Test
    void cookie_is_secure_behind_a_tls_proxy() throws Exception {
        HttpResponse<String> signIn = send(HttpRequest.newBuilder(uri("/dashboard/session"))
                .header("Content-Type", "application/json").header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + ADMIN_KEY + "\"}")));
        assertThat(signIn.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
    }

    @Test
    void state_changes_need_the_csrf_header() throws Exception {
        HttpResponse<String> signIn = signIn(ADMIN_KEY, null);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = Json.parse(signIn.body().getBytes()).get("csrf_token").asText();
        String body = "{\"name\":\"csrf-check\"}";
        HttpRequest.Builder without = HttpRequest.newBuilder(uri("/admin/api/tokens"))
                .header("Cookie", cookie)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        assertThat(send(without).statusCode()).isEqualTo(401);
        HttpRequest.Builder wrong = HttpRequest.newBuilder(uri("/admin/api/tokens")).header("Cookie", cookie)
                .header(DashboardSessions.CSRF_HEADER, csrf + "x")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        assertThat(send(wrong).statusCode()).isEqualTo(401);
        HttpRequest.Builder with = HttpRequest.newBuilder(uri("/admin/api/tokens")).header("Cookie", cookie)
                .header(DashboardSessions.CSRF_HEADER, csrf)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> created = send(with);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("lr_live_");
    }

    @Test
    void sign_out_ends_the_session() throws Exception {
        HttpResponse<String> signIn = signIn(ADMIN_KEY, null);
        String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = Json.parse(signIn.body().getBytes()).get("csrf_token").asText();
        HttpResponse<String> out = send(HttpRequest.newBuilder(uri("/dashboard/session"))
                .header("Cookie", cookie)
                .header(DashboardSessions.CSRF_HEADER, csrf).DELETE());
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(get("/admin/api/tokens", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void repeated_wrong_keys_lock_the_address_out() throws Exception {
        try (DashboardTestRouter own = DashboardTestRouter.start(ADMIN_KEY)) {
            for (int i = 0; i <= SignInThrottle.FREE_FAILURES; i++) {
                assertThat(signIn(own.base(), "wrong", null).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> locked = signIn(own.base(), ADMIN_KEY, null);
            assertThat(locked.statusCode()).isEqualTo(429);
            assertThat(locked.headers().firstValue("Retry-After")).contains("1");
            assertThat(locked.body()).contains("too_many_sign_in_attempts");
            Thread.sleep(1100);
            assertThat(signIn(own.base(), ADMIN_KEY, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void cross_origin_sign_in_is_refused() throws Exception {
        assertThat(signIn(ADMIN_KEY, "https://evil.example").statusCode()).isEqualTo(403);
    }

    @Test
    void providers_endpoint_lists_configured_providers_and_checks_them() throws Exception {
        HttpRequest.Builder list = HttpRequest.newBuilder(uri("/admin/api/providers"))
                .header("Authorization", "Bearer " + ADMIN_KEY);
        JsonNode data = Json.parse(send(list).body().getBytes()).get("data");
        JsonNode openai = data.get(0);
        assertThat(openai.get("name").asText()).isEqualTo("openai");
        assertThat(openai.get("configured").asBoolean()).isTrue();
        assertThat(openai.get("kind").asText()).isEqualTo("api_key");
        assertThat(openai.get("status").asText()).isEqualTo("active");
        assertThat(openai.get("models").asInt()).isEqualTo(2);
        assertThat(data.findValuesAsText("name")).contains("anthropic");
        HttpResponse<String> check = send(HttpRequest.newBuilder(uri("/admin/api/providers/openai/check"))
                .header("Authorization", "Bearer " + ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()));
        JsonNode result = Json.parse(check.body().getBytes());
        assertThat(result.get("ok").asBoolean()).as(check.body()).isTrue();
        assertThat(result.get("models").asInt()).isEqualTo(3);
        assertThat(send(HttpRequest.newBuilder(uri("/admin/api/providers")).GET()).statusCode())
                .isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(uri("/admin/api/providers/nope/check"))
                .header("Authorization", "Bearer " + ADMIN_KEY).POST(HttpRequest.BodyPublishers.noBody()))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void without_an_admin_key_the_dashboard_says_so_and_the_api_stays_404() throws Exception {
        try (DashboardTestRouter off = DashboardTestRouter.start("")) {
            HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(
                    off.base().resolve("/dashboard/session")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(Json.parse(status.body().getBytes()).get("admin_enabled").asBoolean()).isFalse();
            HttpResponse<String> api = HTTP.send(HttpRequest.newBuilder(
                    off.base().resolve("/admin/api/providers")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(404);
            HttpResponse<String> signIn = HTTP.send(HttpRequest.newBuilder(
                    off.base().resolve("/dashboard/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"anything\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(404);
            assertThat(signIn.body()).contains("no admin key is configured");
        }
    }

    private static HttpResponse<String> signIn(String key, String origin) throws Exception {
        return signIn(router.base(), key, origin);
    }

    private static HttpResponse<String> signIn(URI base, String key, String origin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/dashboard/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\"}"));
        Optional.ofNullable(origin).ifPresent(o -> b.header("Origin", o));
        return send(b);
    }

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b);
    }

    private static HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return router.base().resolve(path);
    }
}
