/**
 * The HTTP server: filters, API services and error rendering.
 */
package dev.oauthrouter.server;
