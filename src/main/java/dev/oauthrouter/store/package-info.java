/**
 * Persistence: database, migrations, tokens, quotas and usage.
 */
package dev.oauthrouter.store;
