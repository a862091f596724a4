package dev.oauthrouter.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs one of the end-to-end scripts in {@code e2e/} with {@code node --test}. Fails, never skips,
 * when node or the npm packages are missing ({@code bin/test-setup} installs them).
 */
public final class NodeTests {
    private static final Path E2E = Path.of("e2e");

    private NodeTests() {
    }

    /**
     * Runs {@code node --test e2e/SCRIPT} with extra environment variables, prints its output, and
     * asserts that it finished in time with exit code 0 and no failed test.
     *
     * @return the runner's output (spec reporter)
     */
    public static String run(String script, Map<String, String> env, Duration timeout) throws Exception {
        assertThat(E2E.resolve("node_modules/openai/package.json"))
                .as("the e2e packages are installed: run bin/test-setup (make test does)").exists();
        String node = nodeVersion();
        Path log = Files.createTempFile("e2e", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", script)
                    .directory(E2E.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                p.destroyForcibly();
            }
            String output = Files.readString(log);
            System.out.println("node " + node + " --test e2e/" + script + ":\n" + output);
            assertThat(ended).as("node finished").isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("fail 0");
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String nodeVersion() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor()).as("node --version").isZero();
            return v;
        } catch (IOException e) {
            throw new AssertionError("node is not installed or not on PATH; the end-to-end tests need "
                    + "Node.js 20+ (see bin/test-setup)", e);
        }
    }
}
