/**
 * Upstream providers: catalogue, configured registry and the HTTP calls to them.
 */
package dev.oauthrouter.providers;
