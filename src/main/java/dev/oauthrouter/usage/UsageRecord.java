package dev.oauthrouter.usage;

import java.time.Instant;

import dev.oauthrouter.openai.Usage;

/**
 * One request's usage row.
 *
 * @param requestId     the request id sent as {@code x-request-id}
 * @param tokenId       router token id
 * @param provider      provider name
 * @param model         provider model id
 * @param status        HTTP status we answered (200 for streams that started)
 * @param usage         token counts reported by the provider
 * @param latencyMillis time from request start to the last byte
 * @param at            when the request started
 * @param streamed      whether the answer was streamed
 * @param abandoned     whether the client went away before the end
 */
public record UsageRecord(String requestId,
                          long tokenId,
                          String provider,
                          String model,
                          int status,
                          Usage usage,
                          long latencyMillis,
                          Instant at,
                          boolean streamed,
                          boolean abandoned) {
}
