/**
 * Per-request usage records.
 */
package dev.oauthrouter.usage;
