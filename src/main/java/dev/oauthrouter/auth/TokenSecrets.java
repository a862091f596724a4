package dev.oauthrouter.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Router token secrets: {@code lr_live_} followed by 40 random base62 characters (about 238 bits),
 * stored only as their SHA-256 hash (and a sealed copy for reveal).
 */
public final class TokenSecrets {
    /** The prefix every router token starts with. */
    public static final String PREFIX = "lr_live_";
    /** Random characters after the prefix. */
    public static final int RANDOM_CHARS = 40;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int MAX_LENGTH = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    /** Returns a new random secret. */
    public static String generate() {
        StringBuilder sb = new StringBuilder(PREFIX.length() + RANDOM_CHARS).append(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            // nextInt(bound) is uniform (it rejects the biased tail), so every character is uniform
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Returns true when the text has the shape of a router token (cheap check before hashing). */
    public static boolean plausible(String secret) {
        return secret != null && secret.length() <= MAX_LENGTH && secret.startsWith(PREFIX);
    }

    /** Returns the lower-case hex SHA-256 of the secret. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(digest(secret));
    }

    /** Returns true when the secret hashes to {@code expectedHash}, comparing in constant time. */
    public static boolean matches(String secret, String expectedHash) {
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                expectedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
