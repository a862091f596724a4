package dev.oauthrouter.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import dev.oauthrouter.oauth.LoginPrompt;

/**
 * Plays the owner and the browser in login tests: requests the authorization page, and either
 * follows the redirect to the loopback receiver or keeps the final address to "paste" it.
 */
public final class FakeBrowser implements LoginPrompt {
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final boolean followRedirect;
    private final UnaryOperator<String> paste;
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private volatile String landedOn = "";

    private FakeBrowser(boolean followRedirect, UnaryOperator<String> paste) {
        this.followRedirect = followRedirect;
        this.paste = paste;
    }

    /** Returns a browser on the same machine: the redirect reaches the loopback receiver. */
    public static FakeBrowser loopback() {
        return new FakeBrowser(true, s -> s);
    }

    /** Returns a browser elsewhere: the owner pastes what {@code paste} makes of the final address. */
    public static FakeBrowser paste(UnaryOperator<String> paste) {
        return new FakeBrowser(false, paste);
    }

    /** Returns every message shown to the owner. */
    public List<String> shown() {
        return shown;
    }

    @Override
    public void show(String message) {
        shown.add(message);
    }

    @Override
    public String readLine(String question) {
        return paste.apply(landedOn);
    }

    @Override
    public void authorize(URI url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String location = r.headers().firstValue("Location").orElse("");
            landedOn = location;
            if (followRedirect && !location.isEmpty()) {
                http.send(HttpRequest.newBuilder(URI.create(location)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
