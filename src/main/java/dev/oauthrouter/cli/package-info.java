/**
 * The command line: serve, tokens, credentials and logins.
 */
package dev.oauthrouter.cli;
