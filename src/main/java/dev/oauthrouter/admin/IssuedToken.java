package dev.oauthrouter.admin;

/**
 * A freshly created or regenerated token: the secret, shown once, and the token's fields.
 *
 * @param secret the {@code lr_live_...} secret (never log it)
 * @param view   the token's fields
 */
public record IssuedToken(String secret, TokenView view) {
    @Override
    public String toString() {
        return "IssuedToken[" + view.name() + "]";
    }
}
