/**
 * Provider credentials: API keys and OAuth tokens.
 */
package dev.oauthrouter.credentials;
