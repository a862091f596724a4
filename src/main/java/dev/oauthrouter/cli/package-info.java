/**
 * Command-line subcommands for tokens and keys, mounted under {@code oauthrouter}.
 */
package dev.oauthrouter.cli;
