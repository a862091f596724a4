package dev.oauthrouter.oauth;

import java.time.Duration;

/**
 * Waits between device-flow polls; tests substitute one that records the waits and returns at once.
 */
@FunctionalInterface
public interface Sleeper {
    /** The real sleeper. */
    Sleeper SYSTEM = Thread::sleep;

    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
}
