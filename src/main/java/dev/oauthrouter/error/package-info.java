/**
 * The client-facing error type and its OpenAI envelope.
 */
package dev.oauthrouter.error;
