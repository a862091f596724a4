package dev.oauthrouter.credentials;

/**
 * Supplies the credential for the next upstream call of one provider.
 */
public interface CredentialSource {
    /**
     * Returns a credential to use now.
     *
     * @throws dev.oauthrouter.error.ApiException when no credential is usable (e.g. all need a new
     *                                            login, or all are cooling down after 429)
     */
    Credential acquire();
}
