/**
 * Pure translation between the OpenAI chat API and provider wire formats.
 */
package dev.oauthrouter.translate;
