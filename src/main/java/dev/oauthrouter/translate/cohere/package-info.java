/**
 * Translation between the OpenAI chat API and Cohere's v2 chat API.
 */
package dev.oauthrouter.translate.cohere;
