package dev.oauthrouter.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.usage.UsageCounts;
import dev.oauthrouter.usage.UsageReport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The admin JSON API (register under {@code /admin/api}, behind {@link AdminFilter}):
 * <ul>
 *     <li>{@code GET /tokens}, {@code POST /tokens} {name, plan?, expires_at?, models?}</li>
 *     <li>{@code POST /tokens/{name}/reveal|regenerate|revoke}</li>
 *     <li>{@code PUT /tokens/{name}/plan} {plan}, {@code PUT /tokens/{name}/models} {models}</li>
 *     <li>{@code GET /plans}, {@code GET /usage?month=YYYY-MM[&token=NAME]}</li>
 * </ul>
 * Errors use the OpenAI envelope: 400 naming the field, 404 for an unknown token, 409 for a taken name,
 * 503 when the database is unavailable.
 */
public final class AdminService implements HttpService {
    private final TokenService tokens;

    /** Creates the service over the token service. */
    public AdminService(TokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/tokens", guarded(this::list))
                .post("/tokens", guarded(this::create))
                .post("/tokens/{name}/reveal", guarded(this::reveal))
                .post("/tokens/{name}/regenerate", guarded(this::regenerate))
                .post("/tokens/{name}/revoke", guarded(this::revoke))
                .put("/tokens/{name}/plan", guarded(this::plan))
                .put("/tokens/{name}/models", guarded(this::models))
                .get("/plans", guarded(this::plans))
                .get("/usage", guarded(this::usage))
                .any(guarded((req, res) -> {
                    throw ApiException.notFound("No admin API endpoint " + req.prologue().method().text()
                            + " " + req.path().path());
                }));
    }

    private void list(ServerRequest req, ServerResponse res) {
        ArrayNode data = Json.array();
        tokens.list().forEach(t -> data.add(t.toJson()));
        ObjectNode body = Json.object();
        body.set("data", data);
        json(res, Status.OK_200, body);
    }

    private void create(ServerRequest req, ServerResponse res) {
        ObjectNode body = body(req);
        String name = text(body, "name", true).orElseThrow();
        Optional<String> plan = text(body, "plan", false);
        Optional<Instant> expires = text(body, "expires_at", false)
                .map(t -> TokenService.parseExpiry(t, "expires_at"));
        List<String> models = models(body, false);
        IssuedToken issued = tokens.create(new TokenSpec(name, plan, expires, models));
        json(res, Status.CREATED_201, issued(issued));
    }

    private void reveal(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object();
        body.put("token", tokens.reveal(name(req)));
        json(res, Status.OK_200, body);
    }

    private void regenerate(ServerRequest req, ServerResponse res) {
        json(res, Status.OK_200, issued(tokens.regenerate(name(req))));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        json(res, Status.OK_200, tokens.revoke(name(req)).toJson());
    }

    private void plan(ServerRequest req, ServerResponse res) {
        String plan = text(body(req), "plan", true).orElseThrow();
        json(res, Status.OK_200, tokens.changePlan(name(req), plan).toJson());
    }

    private void models(ServerRequest req, ServerResponse res) {
        List<String> models = models(body(req), true);
        json(res, Status.OK_200, tokens.changeModels(name(req), models).toJson());
    }

    private void plans(ServerRequest req, ServerResponse res) {
        ArrayNode data = Json.array();
        for (Map.Entry<String, OptionalLong> plan : tokens.plans().all().entrySet()) {
            ObjectNode o = data.addObject();
            o.put("name", plan.getKey());
            if (plan.getValue().isPresent()) {
                o.put("limit", plan.getValue().getAsLong());
            } else {
                o.putNull("limit");
            }
        }
        ObjectNode body = Json.object();
        body.set("data", data);
        json(res, Status.OK_200, body);
    }

    private void usage(ServerRequest req, ServerResponse res) {
        String month = req.query().contains("month") ? req.query().get("month") : tokens.currentMonth();
        UsageReport report = req.query().contains("token")
                ? tokens.usage(month, req.query().get("token"))
                : tokens.usage(month);
        json(res, Status.OK_200, usageJson(report));
    }

    /** Returns the usage report in the admin API's shape. */
    static ObjectNode usageJson(UsageReport report) {
        ObjectNode body = Json.object();
        body.put("month", report.month());
        body.set("totals", counts(Json.object(), report.totals()));
        body.set("by_day", rows(report.byDay(), "day"));
        body.set("by_model", rows(report.byModel(), "model"));
        body.set("by_token", rows(report.byToken(), "token"));
        return body;
    }

    private static ArrayNode rows(List<UsageReport.Row> rows, String keyName) {
        ArrayNode out = Json.array();
        for (UsageReport.Row r : rows) {
            ObjectNode o = out.addObject();
            o.put(keyName, r.key());
            counts(o, r.counts());
        }
        return out;
    }

    private static ObjectNode counts(ObjectNode o, UsageCounts c) {
        o.put("requests", c.requests());
        o.put("prompt_tokens", c.promptTokens());
        o.put("completion_tokens", c.completionTokens());
        return o;
    }

    private static ObjectNode issued(IssuedToken issued) {
        ObjectNode o = Json.object();
        o.put("token", issued.secret());
        o.setAll(issued.view().toJson());
        return o;
    }

    private static String name(ServerRequest req) {
        return req.path().pathParameters().get("name");
    }

    private static ObjectNode body(ServerRequest req) {
        byte[] bytes = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        if (bytes.length == 0) {
            throw ApiException.invalid(null, "The request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = Json.parse(bytes);
        } catch (Json.JsonParseFailure e) {
            throw ApiException.invalid(null, "The request body is not valid JSON: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.invalid(null, "The request body must be a JSON object");
        }
        return object;
    }

    private static Optional<String> text(ObjectNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.invalid(field, "'" + field + "' is required");
            }
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw ApiException.invalid(field, "'" + field + "' must be a non-empty string");
        }
        return Optional.of(v.asText());
    }

    private static List<String> models(ObjectNode body, boolean required) {
        JsonNode v = body.get("models");
        if (v == null || v.isNull()) {
            if (required) {
                throw ApiException.invalid("models",
                        "'models' is required (an empty list allows all models)");
            }
            return List.of();
        }
        if (!v.isArray()) {
            throw ApiException.invalid("models", "'models' must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode m : v) {
            if (!m.isTextual()) {
                throw ApiException.invalid("models", "'models' must be a list of strings");
            }
            out.add(m.asText());
        }
        return out;
    }

    private static void json(ServerResponse res, Status status, ObjectNode body) {
        JsonResponses.send(res, status, body);
    }

    private static Handler guarded(Handler handler) {
        return JsonResponses.guarded(handler);
    }
}
