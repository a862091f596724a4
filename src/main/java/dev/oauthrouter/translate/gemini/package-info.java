/**
 * Translation between the OpenAI chat API and the native Gemini API.
 */
package dev.oauthrouter.translate.gemini;
