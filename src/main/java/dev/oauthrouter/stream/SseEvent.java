package dev.oauthrouter.stream;

/**
 * One server-sent event as dispatched by {@link SseReader}.
 *
 * @param event the event name, {@code "message"} when the stream named none
 * @param data  the data lines joined with {@code \n}
 */
public record SseEvent(String event, String data) {
    /** Returns true when data is the OpenAI terminator {@code [DONE]}. */
    public boolean isDone() {
        return "[DONE]".equals(data);
    }
}
