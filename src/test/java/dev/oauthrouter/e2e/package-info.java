/**
 * End-to-end tests with real client libraries against the router.
 */
package dev.oauthrouter.e2e;
