/**
 * OAuth for provider credentials: token endpoint calls, the token manager that keeps credentials
 * valid, and the login flows (authorization code with PKCE over loopback or paste, device flow).
 */
package dev.oauthrouter.oauth;
