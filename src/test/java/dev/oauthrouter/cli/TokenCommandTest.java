package dev.oauthrouter.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import dev.oauthrouter.admin.StoreSettings;
import dev.oauthrouter.store.AesGcmSecretCipher;
import dev.oauthrouter.store.MasterKey;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCommandTest {
    @TempDir
    Path dir;
    private StoreSettings settings;
    private Path seenConfig;

    @BeforeEach
    void settings() {
        settings = new StoreSettings("jdbc:h2:file:" + dir.resolve("db/oauthrouter").toAbsolutePath(), "",
                "", 2,
                Map.of(), "", dir.resolve("data/master.key"), "");
    }

    @Test
    void create_prints_the_token_alone_and_list_never_shows_it() {
        Result created = run("token", "create", "--name", "laptop", "--plan", "pro", "--models",
                "openai/*,groq/llama-3.3-70b-versatile", "--expires", "2099-01-01", "--config", "my.yaml");
        assertThat(created.code).isZero();
        assertThat(created.out).matches("lr_live_[0-9A-Za-z]{40}\\R");
        assertThat(seenConfig).isEqualTo(Path.of("my.yaml"));
        String secret = created.out.strip();

        Result list = run("token", "list");
        assertThat(list.code).isZero();
        assertThat(list.out).contains("laptop", "pro", "0/5000", "never", "active").doesNotContain(secret);

        assertThat(run("token", "reveal", "laptop").out.strip()).isEqualTo(secret);
        String fresh = run("token", "regenerate", "laptop").out.strip();
        assertThat(fresh).startsWith("lr_live_").isNotEqualTo(secret);
        assertThat(run("token", "reveal", "laptop").out.strip()).isEqualTo(fresh);
        assertThat(run("token", "plan", "laptop", "enterprise").code).isZero();
        assertThat(run("token", "revoke", "laptop").code).isZero();
        assertThat(run("token", "list").out).contains("enterprise", "0/∞", "revoked");
        Result usage = run("token", "usage", "laptop", "--month", "2026-12");
        assertThat(usage.code).isZero();
        assertThat(usage.out).contains("Usage 2026-12 for laptop", "total");
    }

    @Test
    void failures_go_to_stderr_with_an_exit_code() {
        Result missing = run("token", "revoke", "nobody");
        assertThat(missing.code).isEqualTo(1);
        assertThat(missing.err).contains("No token named 'nobody'");
        Result badPlan = run("token", "create", "--name", "x", "--plan", "gold");
        assertThat(badPlan.code).isEqualTo(2);
        assertThat(badPlan.err).contains("Unknown plan 'gold'", "free, starter, pro, enterprise");
        assertThat(badPlan.out).isEmpty();
        Result badMonth = run("token", "usage", "--month", "2026/12");
        assertThat(badMonth.code).isEqualTo(2);
        Result noName = run("token", "create");
        assertThat(noName.code).isEqualTo(2);
        assertThat(noName.err).contains("--name");
    }

    @Test
    void rotate_master_reseals_and_replaces_the_key_file() throws Exception {
        String secret = run("token", "create", "--name", "keep").out.strip();
        MasterKey before = MasterKey.read(settings.masterKeyFile());
        byte[] credential = "oauth-refresh-token".getBytes(StandardCharsets.UTF_8);
        insertCredential(new AesGcmSecretCipher(before).seal(credential));
        Result rotated = run("keys", "rotate-master", "--new-key", MasterKey.generate().base64());
        assertThat(rotated.code).as(rotated.err).isZero();
        assertThat(rotated.err).contains("Re-sealed 2 secrets");
        assertThat(new AesGcmSecretCipher(MasterKey.read(settings.masterKeyFile())).open(credentialBlob()))
                .isEqualTo(credential);
        assertThat(rotated.out).isEmpty();
        assertThat(MasterKey.read(settings.masterKeyFile()).base64()).isNotEqualTo(before.base64());
        assertThat(MasterKey.read(settings.masterKeyFile().resolveSibling("master.key.previous")).base64())
                .isEqualTo(before.base64());
        assertThat(run("token", "reveal", "keep").out.strip()).isEqualTo(secret);
    }

    private void insertCredential(byte[] sealed) throws Exception {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl() + ";AUTO_SERVER=TRUE", "", "");
             PreparedStatement ps = c.prepareStatement("INSERT INTO provider_credentials (id, provider, name, "
                     + "kind, status, version, secrets, token_url, client_id, scope, body_format, attributes, "
                     + "created_at, updated_at) VALUES ('c1', 'anthropic', 'me', 'oauth', 'active', 1, ?, '', '', "
                     + "'', 'json', '{}', 0, 0)")) {
            ps.setBytes(1, sealed);
            ps.executeUpdate();
        }
    }

    private byte[] credentialBlob() throws Exception {
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl() + ";AUTO_SERVER=TRUE", "", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT secrets FROM provider_credentials WHERE id = 'c1'")) {
            rs.next();
            return rs.getBytes(1);
        }
    }

    private Result run(String... args) {
        StoreSettingsLoader loader = path -> {
            seenConfig = path;
            return settings;
        };
        CommandLine cli = new CommandLine(new Top())
                .addSubcommand("token", new TokenCommand(loader))
                .addSubcommand("keys", new KeysCommand(loader, List.of()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }

    @Command(name = "oauthrouter")
    static final class Top implements Runnable {
        @Override
        public void run() {
        }
    }
}
