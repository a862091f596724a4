package dev.oauthrouter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @Test
    void invalid_config_stops_start_up_with_one_line_and_exit_code_2() throws Exception {
        Path config = Files.createTempFile("bad", ".yaml");
        Files.writeString(config, "server: { port: 8080 }\nprovidres: {}\n");
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int serve;
        int tokens;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            serve = Main.run("serve", "--config", config.toString());
            tokens = Main.run("token", "list", "--config", config.toString());
        } finally {
            System.setErr(before);
        }
        assertThat(serve).isEqualTo(Main.CONFIG_ERROR);
        assertThat(tokens).isEqualTo(2);
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("oauthrouter: config error: providres: unknown key; allowed here: "
                + "admin, data_dir, database, oauth, plans, providers, security, server, upstream");
        assertThat(lines[1]).contains("providres: unknown key");
    }

    @Test
    void missing_config_file_is_a_config_error() {
        assertThat(Main.run("serve", "--config", "/nonexistent/oauthrouter.yaml")).isEqualTo(Main.CONFIG_ERROR);
    }
}
