package dev.oauthrouter.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects everything logged through JUL (where {@link System.Logger} output goes) while installed,
 * formatted as a log file would show it, stack traces included.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger root = Logger.getLogger("");
    private final Logger ours = Logger.getLogger("dev.oauthrouter");
    private final Level previous = ours.getLevel();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    private LogCapture() {
        setLevel(Level.ALL);
        ours.setLevel(Level.ALL);
        root.addHandler(this);
    }

    /** Starts capturing; close to stop. */
    public static LogCapture start() {
        return new LogCapture();
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(formatter.format(record));
    }

    /** Returns every captured entry. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits for an entry matching the predicate and returns it. */
    public String await(Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : lines) {
                if (match.test(l)) {
                    return l;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no matching log entry within " + timeout + "; captured: " + lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        ours.setLevel(previous);
    }
}
