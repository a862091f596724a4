package dev.oauthrouter.usage;

/**
 * Summed usage.
 *
 * @param requests         number of requests (usage rows)
 * @param promptTokens     prompt tokens reported
 * @param completionTokens completion tokens reported
 */
public record UsageCounts(long requests, long promptTokens, long completionTokens) {
}
