package dev.oauthrouter.translate;

import dev.oauthrouter.openai.Usage;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A non-streaming answer in OpenAI form.
 *
 * @param completion the {@code chat.completion} object
 * @param usage      the usage it reports
 */
public record TranslatedResponse(ObjectNode completion, Usage usage) {
}
