package dev.oauthrouter.store;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import dev.oauthrouter.error.ApiException;

/**
 * Seals secrets with AES-256-GCM under the master key. A sealed blob is
 * {@code version(1) | key id(4) | nonce(12) | ciphertext+tag}; the key id lets a wrong key be reported
 * plainly instead of as a tag failure.
 */
public final class AesGcmSecretCipher implements SecretCipher {
    private static final byte VERSION = 1;
    private static final int ID_BYTES = 4;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER = 1 + ID_BYTES + NONCE_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final byte[] keyId;

    /** Creates a cipher over the master key. */
    public AesGcmSecretCipher(MasterKey masterKey) {
        this.key = masterKey.secretKey();
        this.keyId = masterKey.id();
    }

    @Override
    public byte[] seal(byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(new byte[] {VERSION});
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER + sealed.length)
                    .put(VERSION).put(keyId).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    @Override
    public byte[] open(byte[] sealed) {
        if (sealed.length < HEADER + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw unreadable("Sealed secret is malformed");
        }
        if (!MessageDigest.isEqual(keyId, Arrays.copyOfRange(sealed, 1, 1 + ID_BYTES))) {
            throw unreadable("Sealed secret was sealed with a different master key; "
                    + "check master_key / data/master.key");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(TAG_BITS, sealed, 1 + ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(new byte[] {VERSION});
            return cipher.doFinal(sealed, HEADER, sealed.length - HEADER);
        } catch (GeneralSecurityException e) {
            throw unreadable("Sealed secret failed its integrity check");
        }
    }

    private static ApiException unreadable(String message) {
        return new ApiException(500, "api_error", "secret_unreadable", null, message);
    }
}
