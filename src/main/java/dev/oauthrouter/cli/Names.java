package dev.oauthrouter.cli;

import java.util.regex.Pattern;

/**
 * The rule for credential names.
 */
final class Names {
    static final String RULE = "a credential name is 1-64 characters: letters, digits, '.', '_' or '-'";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Names() {
    }

    static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
