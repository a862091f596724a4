package dev.oauthrouter.oauth;

import java.net.URI;

/**
 * The owner's side of a login: where messages go, where a pasted answer comes from, and who opens
 * the authorization page. The CLI prints and reads the terminal; tests play the browser.
 */
public interface LoginPrompt {
    /** Shows a message to the owner (never called with a secret). */
    void show(String message);

    /** Asks the owner for a line of input (a pasted URL or code). */
    String readLine(String question);

    /** Sends the owner to the authorization page (prints it; a test requests it). */
    void authorize(URI url);
}
