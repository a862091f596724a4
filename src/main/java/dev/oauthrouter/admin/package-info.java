/**
 * Token administration shared by the CLI and the admin HTTP API under {@code /admin/api/}.
 */
package dev.oauthrouter.admin;
