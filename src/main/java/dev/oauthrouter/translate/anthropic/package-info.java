/**
 * Translation between the OpenAI chat API and the Anthropic Messages API.
 */
package dev.oauthrouter.translate.anthropic;
