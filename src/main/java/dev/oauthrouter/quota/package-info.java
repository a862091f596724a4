/**
 * Plans and monthly message quotas.
 */
package dev.oauthrouter.quota;
