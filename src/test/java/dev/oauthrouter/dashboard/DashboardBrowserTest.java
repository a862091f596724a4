package dev.oauthrouter.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the dashboard's browser tests ({@code dashboard/test/*.test.mjs}, Playwright driving Debian's
 * Chromium) against a router started here with a fake upstream. Screenshots land in
 * {@code target/screenshots/}. {@code bin/test-setup} installs Chromium; {@code npm ci} in the build
 * installs Playwright.
 */
class DashboardBrowserTest {
    private static final String ADMIN_KEY = "browser-test-admin-key-7f3a";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void dashboard_works_in_chromium() throws Exception {
        assertThat(CHROMIUM).as("Chromium (installed by bin/test-setup)").isExecutable();
        assertThat(Path.of("dashboard/node_modules/playwright-core")).as("npm ci in dashboard/")
                .isDirectory();
        Path log = Path.of("target/dashboard-browser-test.log");
        Files.createDirectories(log.getParent());
        try (DashboardTestRouter router = DashboardTestRouter.start(ADMIN_KEY);
             DashboardTestRouter off = DashboardTestRouter.start("")) {
            ProcessBuilder pb = new ProcessBuilder(List.of("node", "--test", "--test-reporter=spec",
                    "test/dashboard.test.mjs"))
                    .directory(Path.of("dashboard").toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("ROUTER_URL", router.base().toString());
            pb.environment().put("ADMIN_KEY", ADMIN_KEY);
            pb.environment().put("ROUTER_WITHOUT_ADMIN_KEY_URL", off.base().toString());
            pb.environment().put("SCREENSHOT_DIR", Path.of("target/screenshots").toAbsolutePath().toString());
            pb.environment().put("CHROMIUM", CHROMIUM.toString());
            Process node = pb.start();
            boolean done = node.waitFor(5, TimeUnit.MINUTES);
            if (!done) {
                node.destroyForcibly();
            }
            String output = read(log);
            System.out.println(output);
            assertThat(done).as("browser tests finished within 5 minutes").isTrue();
            assertThat(node.exitValue()).as(output).isZero();
            assertThat(output).contains("ℹ fail 0", "ℹ skipped 0").doesNotContain("✖");
            // one call after create, one after regenerate, three for the usage page
            assertThat(router.upstreamCalls()).isEqualTo(5);
        }
        assertThat(Path.of("target/screenshots/off-desktop.png")).isNotEmptyFile();
        for (String page : List.of("sign-in", "tokens", "providers", "usage", "setup")) {
            assertThat(Path.of("target/screenshots/" + page + "-desktop.png")).isNotEmptyFile();
            assertThat(Path.of("target/screenshots/" + page + "-phone.png")).isNotEmptyFile();
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
