package dev.oauthrouter.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;

import dev.oauthrouter.oauth.LoginPrompt;

/**
 * The login prompt on a terminal: messages to stdout, the pasted answer from stdin. The owner opens
 * the printed address in a browser; nothing is launched automatically (servers are often headless).
 */
public final class TerminalPrompt implements LoginPrompt {
    private final PrintWriter out;
    private final BufferedReader in;

    /**
     * Creates the prompt.
     *
     * @param out where messages go
     * @param in  where pasted answers come from
     */
    public TerminalPrompt(PrintWriter out, BufferedReader in) {
        this.out = out;
        this.in = in;
    }

    @Override
    public void show(String message) {
        out.println(message);
        out.flush();
    }

    @Override
    public String readLine(String question) {
        out.print(question);
        out.flush();
        try {
            String line = in.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void authorize(URI url) {
        // the address was already shown; the owner opens it
    }
}
