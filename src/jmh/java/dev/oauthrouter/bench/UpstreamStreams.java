package dev.oauthrouter.bench;

import java.nio.charset.StandardCharsets;

/**
 * Builds realistic upstream SSE streams, shaped like recorded provider traffic, for the translation
 * benchmark: one role or start event, {@code deltas} text deltas, then each provider's closing events.
 */
final class UpstreamStreams {
    private UpstreamStreams() {
    }

    /** Returns the stream an OpenAI-compatible provider sends, {@code data:} events and {@code [DONE]}. */
    static byte[] openAi(int deltas) {
        String head = "{\"id\":\"chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0\","
                + "\"object\":\"chat.completion.chunk\","
                + "\"created\":1770933892,\"model\":\"gpt-4.1-nano-2025-04-14\",\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_de604bd877\",\"choices\":";
        StringBuilder sb = new StringBuilder();
        data(sb, head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
        for (int i = 0; i < deltas; i++) {
            data(sb, head + "[{\"index\":0,\"delta\":{\"content\":\" word" + i + "\"},\"logprobs\":null,"
                    + "\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"x1Yz\"}");
        }
        data(sb, head + "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":null}");
        data(sb, head + "[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + deltas
                + ",\"total_tokens\":" + (12 + deltas) + ",\"prompt_tokens_details\":{\"cached_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
        data(sb, "[DONE]");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Returns an Anthropic Messages stream ({@code event:} names plus JSON data). */
    static byte[] anthropic(int deltas) {
        StringBuilder sb = new StringBuilder();
        event(sb, "message_start", "{\"type\":\"message_start\",\"message\":{\"model\":\"claude-sonnet-4-5\","
                + "\"id\":\"msg_01QC4g3HwBThD4BaNtBckFDJ\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,"
                + "\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1,"
                + "\"service_tier\":\"standard\"}}}");
        event(sb, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        event(sb, "ping", "{\"type\":\"ping\"}");
        for (int i = 0; i < deltas; i++) {
            event(sb, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\" word" + i + "\"}}");
        }
        event(sb, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        event(sb, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + deltas + "}}");
        event(sb, "message_stop", "{\"type\":\"message_stop\"}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Returns a Gemini {@code streamGenerateContent?alt=sse} stream (no terminator event). */
    static byte[] gemini(int deltas) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < deltas; i++) {
            boolean last = i == deltas - 1;
            data(sb, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" word" + i + "\"}],"
                    + "\"role\":\"model\"}," + (last ? "\"finishReason\":\"STOP\"," : "") + "\"index\":0}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":9,\"candidatesTokenCount\":" + (i + 1)
                    + ",\"totalTokenCount\":" + (10 + i) + "},\"modelVersion\":\"gemini-2.5-flash\","
                    + "\"responseId\":\"bH6LaZW8Fp_3nsEPqtaSwQ4\"}");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void data(StringBuilder sb, String json) {
        sb.append("data: ").append(json).append("\n\n");
    }

    private static void event(StringBuilder sb, String name, String json) {
        sb.append("event: ").append(name).append('\n');
        data(sb, json);
    }
}
