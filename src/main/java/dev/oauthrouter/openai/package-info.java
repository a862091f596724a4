/**
 * The OpenAI chat completions contract the router serves: requests, usage and validation.
 */
package dev.oauthrouter.openai;
