/**
 * Server-sent events: reading upstream streams and writing ours.
 */
package dev.oauthrouter.stream;
