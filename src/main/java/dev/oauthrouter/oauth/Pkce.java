package dev.oauthrouter.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A PKCE pair (RFC 7636, method S256) plus an anti-forgery {@code state} for one authorization.
 *
 * @param verifier  43-character base64url verifier (secret until the code exchange)
 * @param challenge base64url SHA-256 of the verifier
 * @param state     random value echoed by the authorization server
 */
public record Pkce(String verifier, String challenge, String state) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Returns a new random pair and state, each from 32 random bytes. */
    public static Pkce create() {
        String verifier = randomToken();
        return new Pkce(verifier, challenge(verifier), randomToken());
    }

    /** Returns base64url (no padding) of SHA-256 over the ASCII verifier. */
    public static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Returns 32 random bytes as base64url without padding (43 characters). */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Returns a description without the verifier or state. */
    @Override
    public String toString() {
        return "Pkce[challenge=" + challenge + "]";
    }
}
