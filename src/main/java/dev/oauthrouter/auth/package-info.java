/**
 * Router token authentication.
 */
package dev.oauthrouter.auth;
