/**
 * Shared JSON mapper and helpers.
 */
package dev.oauthrouter.json;
