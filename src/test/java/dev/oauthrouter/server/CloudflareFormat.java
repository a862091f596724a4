package dev.oauthrouter.server;

import java.util.ArrayList;
import java.util.List;

import dev.oauthrouter.testing.Capture;

/**
 * Workers AI answers for its OpenAI-compatible endpoint ({@code /accounts/{id}/ai/v1/chat/completions}).
 * No recording of it exists in the shared fixtures, so these are written from its documentation
 * (developers.cloudflare.com/workers-ai/configuration/open-ai-compatibility and the model schemas,
 * summarised in the reference notes, section 10): OpenAI {@code chat.completion} objects and
 * {@code chat.completion.chunk} events, chunks padded with a random {@code p} field, usage on a last
 * chunk with empty choices.
 */
final class CloudflareFormat {
    private static final String MODEL = "@cf/meta/llama-3.1-8b-instruct";

    private CloudflareFormat() {
    }

    /** Returns a streamed answer of "Beep boop, whirr. Hello, human! 🤖". */
    static Capture stream() {
        String[] parts = {"Beep", " boop", ", whirr.", " Hello", ", human!", " 🤖"};
        List<String> lines = new ArrayList<>();
        String head = "{\"id\":\"id-1733220000000\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1733220000,\"model\":\"" + MODEL + "\",";
        lines.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"p\":\"abcdefgh\"}");
        for (String p : parts) {
            lines.add(head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + p + "\"},"
                    + "\"logprobs\":null,\"finish_reason\":null}],\"p\":\"abcdefghijklmn\"}");
        }
        lines.add(head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}]}");
        lines.add(head + "\"choices\":[],\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":11,"
                + "\"total_tokens\":25}}");
        return Capture.sse(lines).withHeader("cf-ray", "8f1e2d3c4b5a6978-FRA");
    }

    /** Returns a non-streaming answer. */
    static Capture completion() {
        return Capture.json(200, "{\"id\":\"id-1733220000001\",\"object\":\"chat.completion\","
                + "\"created\":1733220000,\"model\":\"" + MODEL + "\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"Beep boop, whirr. Hello, human!\"},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":14,\"completion_tokens\":9,\"total_tokens\":23}}")
                .withHeader("cf-ray", "8f1e2d3c4b5a6979-FRA");
    }
}
