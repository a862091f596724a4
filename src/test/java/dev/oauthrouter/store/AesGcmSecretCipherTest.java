package dev.oauthrouter.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import dev.oauthrouter.error.ApiException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AesGcmSecretCipherTest {
    @TempDir
    Path dir;

    @Test
    void seals_and_opens_with_a_fresh_nonce_each_time() {
        AesGcmSecretCipher cipher = new AesGcmSecretCipher(MasterKey.generate());
        byte[] secret = "lr_live_abc".getBytes(StandardCharsets.UTF_8);
        byte[] one = cipher.seal(secret);
        byte[] two = cipher.seal(secret);
        assertThat(one).isNotEqualTo(two);
        assertThat(cipher.open(one)).isEqualTo(secret);
        assertThat(cipher.open(two)).isEqualTo(secret);
    }

    @Test
    void refuses_another_key_and_tampering() {
        AesGcmSecretCipher cipher = new AesGcmSecretCipher(MasterKey.generate());
        byte[] sealed = cipher.seal(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> new AesGcmSecretCipher(MasterKey.generate()).open(sealed))
                .isInstanceOf(ApiException.class).hasMessageContaining("different master key");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open(sealed))
                .isInstanceOf(ApiException.class).hasMessageContaining("integrity");
    }

    @Test
    void generates_the_key_file_once_with_owner_only_permissions() throws Exception {
        Path file = dir.resolve("data/master.key");
        MasterKey first = MasterKey.load(null, file);
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        MasterKey again = MasterKey.load("", file);
        assertThat(again.base64()).isEqualTo(first.base64());
        MasterKey configured = MasterKey.generate();
        assertThat(MasterKey.load(configured.base64(), file).base64()).isEqualTo(configured.base64());
        assertThatThrownBy(() -> MasterKey.fromBase64("c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rotation_reseals_every_secret_under_the_new_key() {
        try (TestDatabase t = TestDatabase.create(Dialect.H2)) {
            Database db = t.open();
            AesGcmSecretCipher oldCipher = new AesGcmSecretCipher(MasterKey.generate());
            AesGcmSecretCipher newCipher = new AesGcmSecretCipher(MasterKey.generate());
            JdbcTokenStore store = new JdbcTokenStore(db);
            for (String name : List.of("a", "b")) {
                String sealed = java.util.Base64.getEncoder().encodeToString(
                        oldCipher.seal(("secret-" + name).getBytes(StandardCharsets.UTF_8)));
                store.insert(name, "hash-" + name, sealed, "free", List.of(), java.time.Instant.now(),
                        Optional.empty());
            }
            int count = MasterKeyRotation.reseal(db, oldCipher, newCipher,
                    List.of(SealedColumn.ROUTER_TOKENS));
            assertThat(count).isEqualTo(2);
            for (String name : List.of("a", "b")) {
                byte[] sealed = java.util.Base64.getDecoder().decode(store.byName(name).orElseThrow()
                        .secretSealed());
                assertThat(new String(newCipher.open(sealed), StandardCharsets.UTF_8))
                        .isEqualTo("secret-" + name);
                assertThatThrownBy(() -> oldCipher.open(sealed)).isInstanceOf(ApiException.class);
            }
            // a failure half-way leaves everything as it was
            assertThatThrownBy(() -> MasterKeyRotation.reseal(db, oldCipher, newCipher,
                    List.of(SealedColumn.ROUTER_TOKENS))).isInstanceOf(ApiException.class);
            byte[] still = java.util.Base64.getDecoder().decode(store.byName("a").orElseThrow()
                    .secretSealed());
            assertThat(newCipher.open(still)).isNotEmpty();
        }
    }

    @Test
    void replace_keeps_the_previous_key_file() throws Exception {
        Path file = dir.resolve("master.key");
        MasterKey old = MasterKey.load(null, file);
        MasterKey next = MasterKey.generate();
        next.replace(file);
        assertThat(MasterKey.read(file).base64()).isEqualTo(next.base64());
        assertThat(MasterKey.read(dir.resolve("master.key.previous")).base64()).isEqualTo(old.base64());
        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
