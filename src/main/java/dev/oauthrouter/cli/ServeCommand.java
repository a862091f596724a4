package dev.oauthrouter.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

import dev.oauthrouter.RouterApp;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code oauthrouter serve}: starts the router and runs until stopped (SIGTERM or Ctrl-C drain the
 * usage queue before exit).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the router.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        RouterApp app = RouterApp.start(config.load());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "oauthrouter-shutdown"));
        stopped.await();
        return 0;
    }
}
