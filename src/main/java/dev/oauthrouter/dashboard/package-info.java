/**
 * The browser dashboard: static pages, admin-key sign-in with session cookies and CSRF tokens, and the
 * provider status endpoints of the admin API.
 */
package dev.oauthrouter.dashboard;
