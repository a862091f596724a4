package dev.oauthrouter.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 256-bit AES master key that seals secrets at rest. It comes from config or the environment
 * (base64), else from a key file, which is generated with mode 0600 on first start.
 */
public final class MasterKey {
    private static final System.Logger LOGGER = System.getLogger(MasterKey.class.getName());
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private MasterKey(byte[] bytes) {
        if (bytes.length != KEY_BYTES) {
            throw new IllegalArgumentException("master key must be 32 bytes (base64 of 32 random bytes)");
        }
        this.bytes = bytes.clone();
    }

    /**
     * Parses a base64 key (standard or URL alphabet).
     *
     * @throws IllegalArgumentException when it is not base64 of 32 bytes
     */
    public static MasterKey fromBase64(String base64) {
        String trimmed = base64.strip();
        try {
            return new MasterKey(trimmed.contains("-") || trimmed.contains("_")
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master key must be base64 of 32 random bytes");
        }
    }

    /** Returns a new random key. */
    public static MasterKey generate() {
        byte[] b = new byte[KEY_BYTES];
        RANDOM.nextBytes(b);
        return new MasterKey(b);
    }

    /**
     * Returns the configured key when {@code configured} is non-blank, else the key in {@code keyFile},
     * creating that file (mode 0600, parent directories included) with a new key when it is missing.
     *
     * @param configured base64 key from config or environment; null or blank when not set
     * @param keyFile    where the generated key lives, e.g. {@code data/master.key}
     */
    public static MasterKey load(String configured, Path keyFile) {
        if (configured != null && !configured.isBlank()) {
            return fromBase64(configured);
        }
        if (Files.exists(keyFile)) {
            return read(keyFile);
        }
        MasterKey key = generate();
        try {
            key.writeNew(keyFile);
            LOGGER.log(System.Logger.Level.INFO, "Generated a new master key in " + keyFile);
            return key;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileAlreadyExistsException) {
                // another process created it first; use theirs
                return read(keyFile);
            }
            throw e;
        }
    }

    /** Reads a key file written by {@link #writeNew(Path)}. */
    public static MasterKey read(Path keyFile) {
        try {
            return fromBase64(Files.readString(keyFile, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read master key file " + keyFile, e);
        }
    }

    /**
     * Writes the key to a file that must not exist yet, readable by the owner only.
     *
     * @throws UncheckedIOException wrapping {@link FileAlreadyExistsException} when it exists
     */
    public void writeNew(Path keyFile) {
        try {
            Path parent = keyFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(keyFile);
            }
            Files.writeString(keyFile, base64() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write master key file " + keyFile, e);
        }
    }

    /**
     * Replaces the key file atomically with this key, keeping the previous file as
     * {@code <name>.previous}.
     */
    public void replace(Path keyFile) {
        install(stage(keyFile), keyFile);
    }

    /**
     * Writes this key beside the key file as {@code <name>.next} (mode 0600) without touching the key
     * file, so a new key is safely on disk before secrets are re-sealed with it.
     *
     * @return the staged file
     */
    public Path stage(Path keyFile) {
        Path next = keyFile.resolveSibling(keyFile.getFileName() + ".next");
        try {
            Files.deleteIfExists(next);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove stale " + next, e);
        }
        writeNew(next);
        return next;
    }

    /** Moves a staged key over the key file atomically, keeping the old one as {@code <name>.previous}. */
    public static void install(Path staged, Path keyFile) {
        try {
            if (Files.exists(keyFile)) {
                Files.copy(keyFile, keyFile.resolveSibling(keyFile.getFileName() + ".previous"),
                        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
            Files.move(staged, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install the new master key at " + keyFile
                    + "; the new key is in " + staged, e);
        }
    }

    /** Returns the key as base64 (a secret: print it only when the owner asked for it). */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Returns a short non-secret identifier: the first 4 bytes of the key's SHA-256. */
    public byte[] id() {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(bytes), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    SecretKey secretKey() {
        return new SecretKeySpec(bytes, "AES");
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + java.util.HexFormat.of().formatHex(id()) + "]";
    }
}
