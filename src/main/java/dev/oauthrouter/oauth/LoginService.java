package dev.oauthrouter.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.oauthrouter.credentials.BodyFormat;
import dev.oauthrouter.credentials.CredentialSecrets;
import dev.oauthrouter.credentials.CredentialStore;
import dev.oauthrouter.credentials.StoredCredential;
import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The built-in logins, each with the provider's documented flow for third-party applications and
 * the owner's own client registration; the result is stored (encrypted) under a name.
 *
 * <ul>
 *   <li>openrouter: PKCE (loopback or paste) exchanged for a user-controlled API key;</li>
 *   <li>gemini: Google OAuth for installed apps with the owner's OAuth client (loopback or paste),
 *       or an imported application-default-credentials {@code authorized_user} file;</li>
 *   <li>github: device flow with the owner's GitHub OAuth App; the token is used on GitHub
 *       Models.</li>
 * </ul>
 */
public final class LoginService {
    private static final System.Logger LOGGER = System.getLogger(LoginService.class.getName());
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final CredentialStore store;
    private final TokenClient client;
    private final Clock clock;
    private final Map<String, OAuthProviderConfig> configs;
    private final Duration callbackTimeout;
    private final Sleeper sleeper;

    private LoginService(CredentialStore store, TokenClient client, Clock clock,
                         Map<String, OAuthProviderConfig> configs, Duration callbackTimeout,
                                 Sleeper sleeper) {
        this.store = store;
        this.client = client;
        this.clock = clock;
        this.configs = Map.copyOf(configs);
        this.callbackTimeout = callbackTimeout;
        this.sleeper = sleeper;
    }

    /**
     * Creates the service.
     *
     * @param store           where credentials are saved
     * @param client          token endpoint client
     * @param clock           time source
     * @param configs         login configuration per provider name
     * @param callbackTimeout how long a loopback login waits for the browser
     * @param sleeper         waits between device-flow polls
     */
    public static LoginService create(CredentialStore store, TokenClient client, Clock clock,
                                      Map<String, OAuthProviderConfig> configs, Duration callbackTimeout,
                                      Sleeper sleeper) {
        return new LoginService(store, client, clock, configs, callbackTimeout, sleeper);
    }

    /**
     * Runs a login and stores the result under {@code name} (replacing a credential of that name).
     *
     * @param provider {@code openrouter}, {@code gemini} or {@code github}
     * @param flow     loopback or paste (openrouter, gemini), device (github)
     * @param port     loopback port, 0 for any free port
     * @throws LoginException with a secret-free message naming the fix
     */
    public StoredCredential login(String provider, String name, LoginFlow flow, int port,
            LoginPrompt prompt) {
        OAuthProviderConfig cfg = config(provider);
        StoredCredential c = switch (provider) {
        case "openrouter" -> openrouter(cfg, name, flow, port, prompt);
        case "gemini" -> google(cfg, name, flow, port, prompt);
        case "github" -> device(cfg, name, flow, prompt);
        default -> throw new LoginException("There is no built-in login for '" + provider + "'. Use"
                + " `bin/oauthrouter credentials add " + provider
                        + " ...` with a key or tokens you obtained.");
        };
        StoredCredential saved = store.save(c);
        LOGGER.log(System.Logger.Level.INFO, "[" + provider + "/" + name + "] credential saved kind="
                + saved.kind().wire());
        return saved;
    }

    /**
     * Imports a Google application-default-credentials file of type {@code authorized_user} (written
     * by {@code gcloud auth application-default login}) as a gemini OAuth credential, and redeems its
     * refresh token once to prove it works.
     *
     * @throws LoginException when the file is unreadable, of another type, or refused by Google
     */
    public StoredCredential importAdc(String name, Path file) {
        OAuthProviderConfig cfg = config("gemini");
        JsonNode json;
        try {
            json = Json.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new LoginException("Cannot read " + file + ": " + e.getClass().getSimpleName());
        } catch (Json.JsonParseFailure e) {
            throw new LoginException(file + " is not JSON.");
        }
        String type = json.path("type").asText("");
        if (!type.equals("authorized_user")) {
            throw new LoginException(file + " has type '" + clean(type) + "'; only 'authorized_user' files"
                    + " (from `gcloud auth application-default login`) can be imported. For a service account"
                    + " use an API key or Vertex AI instead.");
        }
        String clientId = json.path("client_id").asText("");
        String secret = json.path("client_secret").asText("");
        String refresh = json.path("refresh_token").asText("");
        if (clientId.isEmpty() || refresh.isEmpty()) {
            throw new LoginException(file + " lacks client_id or refresh_token.");
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "refresh_token");
        p.put("refresh_token", refresh);
        p.put("client_id", clientId);
        if (!secret.isEmpty()) {
            p.put("client_secret", secret);
        }
        TokenResponse t = exchange(URI.create(cfg.tokenUrl()), BodyFormat.FORM, p, "gemini");
        Map<String, String> attributes = new LinkedHashMap<>();
        String project = json.path("quota_project_id").asText("");
        if (!project.isEmpty()) {
            attributes.put("quota_project_id", project);
        }
        attributes.put("source", "adc");
        StoredCredential c = StoredCredential.oauth("gemini", name,
                new CredentialSecrets(t.accessToken(), t.refreshToken().isEmpty() ? refresh
                        : t.refreshToken(),
                        secret, ""),
                cfg.tokenUrl(), clientId, t.scope().isEmpty() ? cfg.scope() : t.scope(), BodyFormat.FORM,
                t.expiresAt(clock.instant()), attributes);
        return store.save(c);
    }

    private StoredCredential openrouter(OAuthProviderConfig cfg, String name, LoginFlow flow, int port,
                                        LoginPrompt prompt) {
        Pkce pkce = Pkce.create();
        CallbackInput in = authorize(flow, "localhost", port, "/callback", prompt, redirect -> {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("callback_url", redirect.toString());
            q.put("code_challenge", pkce.challenge());
            q.put("code_challenge_method", "S256");
            return url(cfg.authorizeUrl(), q);
        });
        // OpenRouter's documented flow carries no state parameter: PKCE binds the code to this login
        checkCode(in, Optional.empty(), "openrouter");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("code", in.code());
        body.put("code_verifier", pkce.verifier());
        body.put("code_challenge_method", "S256");
        JsonNode answer = post(URI.create(cfg.tokenUrl()), BodyFormat.JSON, body, "openrouter");
        String key = answer.path("key").asText("");
        if (key.isEmpty()) {
            throw new LoginException("OpenRouter answered without a key. Run the login again.");
        }
        return StoredCredential.apiKey("openrouter", name, key);
    }

    private StoredCredential google(OAuthProviderConfig cfg, String name, LoginFlow flow, int port,
                                    LoginPrompt prompt) {
        if (cfg.clientId().isEmpty()) {
            throw new LoginException("No Google OAuth client is configured. Create an OAuth client of type"
                    + " 'Desktop app' in your Google Cloud project and set oauth.gemini.client-id and"
                    + " client-secret, or import an ADC file with `bin/oauthrouter credentials import-adc`.");
        }
        Pkce pkce = Pkce.create();
        URI[] redirectUsed = new URI[1];
        CallbackInput in = authorize(flow, "127.0.0.1", port, "/oauth2callback", prompt, redirect -> {
            redirectUsed[0] = redirect;
            Map<String, String> q = new LinkedHashMap<>();
            q.put("client_id", cfg.clientId());
            q.put("redirect_uri", redirect.toString());
            q.put("response_type", "code");
            q.put("scope", cfg.scope());
            q.put("state", pkce.state());
            q.put("code_challenge", pkce.challenge());
            q.put("code_challenge_method", "S256");
            q.put("access_type", "offline");
            q.put("prompt", "consent");
            return url(cfg.authorizeUrl(), q);
        });
        checkCode(in, Optional.of(pkce.state()), "gemini");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "authorization_code");
        p.put("code", in.code());
        p.put("redirect_uri", redirectUsed[0].toString());
        p.put("client_id", cfg.clientId());
        if (!cfg.clientSecret().isEmpty()) {
            p.put("client_secret", cfg.clientSecret());
        }
        p.put("code_verifier", pkce.verifier());
        TokenResponse t = exchange(URI.create(cfg.tokenUrl()), BodyFormat.FORM, p, "gemini");
        if (t.refreshToken().isEmpty()) {
            prompt.show("Google returned no refresh token; this credential will need a new login when"
                    + " the access"
                    + " token expires. Revoke the app's access at"
                            + " https://myaccount.google.com/permissions and"
                    + " log in again to get one.");
        }
        return StoredCredential.oauth("gemini", name, new CredentialSecrets(t.accessToken(), t.refreshToken(),
                        cfg.clientSecret(), ""), cfg.tokenUrl(), cfg.clientId(),
                t.scope().isEmpty() ? cfg.scope() : t.scope(), BodyFormat.FORM, t.expiresAt(clock.instant()),
                Map.of("source", "login"));
    }

    private StoredCredential device(OAuthProviderConfig cfg, String name, LoginFlow flow,
            LoginPrompt prompt) {
        if (flow != LoginFlow.DEVICE) {
            throw new LoginException(cfg.provider()
                    + " logs in with the device flow only: use --flow device.");
        }
        if (cfg.clientId().isEmpty()) {
            throw new LoginException("No GitHub OAuth App client id is configured. Register your own"
                    + " OAuth App"
                    + " (GitHub > Settings > Developer settings > OAuth Apps), enable its device flow,"
                            + " and set"
                    + " oauth.github.client-id.");
        }
        Map<String, String> start = new LinkedHashMap<>();
        start.put("client_id", cfg.clientId());
        if (!cfg.scope().isEmpty()) {
            start.put("scope", cfg.scope());
        }
        JsonNode code = post(URI.create(cfg.deviceUrl()), BodyFormat.FORM, start, cfg.provider());
        String deviceCode = code.path("device_code").asText("");
        String userCode = code.path("user_code").asText("");
        String verification = code.path("verification_uri").asText(code.path("verification_url").asText(""));
        if (deviceCode.isEmpty() || userCode.isEmpty() || verification.isEmpty()) {
            throw new LoginException(cfg.provider()
                    + " answered the device request without a code. Check that"
                    + " device flow is enabled for your OAuth App.");
        }
        Duration interval = Duration.ofSeconds(Math.max(1, code.path("interval").asLong(5)));
        Duration expiresIn = Duration.ofSeconds(Math.max(1, code.path("expires_in").asLong(900)));
        prompt.show("Open " + clean(verification) + " and enter the code " + clean(userCode));
        Map<String, String> poll = new LinkedHashMap<>();
        poll.put("client_id", cfg.clientId());
        poll.put("device_code", deviceCode);
        poll.put("grant_type", DEVICE_GRANT);
        Duration waited = Duration.ZERO;
        while (true) {
            if (waited.compareTo(expiresIn) >= 0) {
                throw new LoginException("The device code expired before it was approved. Run the login"
                        + " again.");
            }
            pause(interval);
            waited = waited.plus(interval);
            try {
                TokenResponse t = client.token(URI.create(cfg.tokenUrl()), BodyFormat.FORM, poll);
                Instant now = clock.instant();
                return StoredCredential.oauth(cfg.provider(), name,
                        new CredentialSecrets(t.accessToken(), t.refreshToken(), cfg.clientSecret(), ""),
                        cfg.tokenUrl(), cfg.clientId(), t.scope(), BodyFormat.FORM, t.expiresAt(now),
                        Map.of("source", "device"));
            } catch (TokenEndpointException ex) {
                switch (ex.errorCode()) {
                case "authorization_pending" -> {
                    // the owner has not approved yet
                }
                case "slow_down" -> interval = interval.plusSeconds(5);
                case "expired_token" -> throw new LoginException("The device code expired before it was"
                        + " approved. Run the login again.");
                case "access_denied" -> throw new LoginException("The authorization was denied.");
                default -> {
                    // 5xx and network errors: keep polling until the code expires
                    if (ex.failure() != TokenFailure.TRANSIENT) {
                        throw new LoginException(cfg.provider() + " refused the device login ("
                                + ex.errorCode() + ").");
                    }
                }
                }
            }
        }
    }

    private CallbackInput authorize(LoginFlow flow, String host, int port, String path, LoginPrompt prompt,
                                    java.util.function.Function<URI, URI> authorizeUrl) {
        if (flow == LoginFlow.DEVICE) {
            throw new LoginException("This provider has no device flow: use --flow loopback or --flow"
                    + " paste.");
        }
        if (flow == LoginFlow.LOOPBACK) {
            try (LoopbackReceiver receiver = LoopbackReceiver.start(host, port, path)) {
                URI url = authorizeUrl.apply(receiver.redirectUri());
                prompt.show("Open this address in a browser on this machine and approve:\n" + url);
                prompt.authorize(url);
                return receiver.await(callbackTimeout);
            }
        }
        URI redirect = URI.create("http://" + host + ":" + (port == 0 ? 8085 : port) + path);
        URI url = authorizeUrl.apply(redirect);
        prompt.show("Open this address in any browser and approve:\n" + url
                + "\nThe browser then fails to load"
                + " a " + host + " page; that is expected. Copy the whole address from its address bar.");
        prompt.authorize(url);
        return CallbackInput.parsePasted(prompt.readLine("Paste the address (or the code): "));
    }

    private static void checkCode(CallbackInput in, Optional<String> expectedState, String provider) {
        if (!in.error().isEmpty()) {
            throw new LoginException(provider + " did not authorize the login (" + in.error() + ").");
        }
        if (in.code().isEmpty()) {
            throw new LoginException(provider + " sent no authorization code. Run the login again.");
        }
        if (expectedState.isPresent() && in.state().isPresent() && !MessageDigest.isEqual(
                in.state().get().getBytes(StandardCharsets.UTF_8),
                expectedState.get().getBytes(StandardCharsets.UTF_8))) {
            throw new LoginException("The login answer does not belong to this login (state mismatch)."
                    + " Run the"
                    + " login again.");
        }
    }

    private TokenResponse exchange(URI url, BodyFormat format, Map<String, String> params, String provider) {
        try {
            return client.token(url, format, params);
        } catch (TokenEndpointException ex) {
            throw new LoginException(provider + " refused the login: " + ex.getMessage() + ".");
        }
    }

    private JsonNode post(URI url, BodyFormat format, Map<String, String> params, String provider) {
        try {
            return client.post(url, format, params);
        } catch (TokenEndpointException ex) {
            throw new LoginException(provider + " refused the login: " + ex.getMessage() + ".");
        }
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("The login was interrupted.");
        }
    }

    private OAuthProviderConfig config(String provider) {
        OAuthProviderConfig cfg = configs.get(provider);
        if (cfg == null) {
            String policy = switch (provider) {
            case "anthropic" -> " Anthropic's consumer-subscription (Claude) login may not be used by"
                    + " third-party tools; use an Anthropic API key.";
            case "openai" -> " Use an OpenAI API key.";
            default -> "";
            };
            throw new LoginException("There is no built-in login for '" + provider
                    + "' (built-in: openrouter,"
                    + " gemini, github)." + policy
                            + " Store a key or tokens with `bin/oauthrouter credentials"
                    + " add " + provider + " ...`.");
        }
        return cfg;
    }

    private static URI url(String base, Map<String, String> query) {
        String q = query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create(base + (base.contains("?") ? "&" : "?") + q);
    }

    private static String clean(String s) {
        return s.replaceAll("[^A-Za-z0-9:/._?=&%-]", "");
    }
}
