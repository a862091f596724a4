package dev.oauthrouter.stream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SseReaderTest {
    private static List<SseEvent> read(String wire, int bufferSize) throws IOException {
        SseReader reader = new SseReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), bufferSize);
        List<SseEvent> events = new ArrayList<>();
        SseEvent e;
        while ((e = reader.next()) != null) {
            events.add(e);
        }
        return events;
    }

    @Test
    void reads_openai_framing() throws IOException {
        assertThat(read("data: {\"a\":1}\n\ndata: [DONE]\n\n", 8192))
                .containsExactly(new SseEvent("message", "{\"a\":1}"), new SseEvent("message", "[DONE]"));
    }

    @Test
    void strips_exactly_one_leading_space_and_accepts_none() throws IOException {
        assertThat(read("data:x\n\ndata:  y\n\n", 8192))
                .extracting(SseEvent::data).containsExactly("x", " y");
    }

    @Test
    void joins_multiline_data_and_keeps_event_names() throws IOException {
        assertThat(read("event: message_start\ndata: a\ndata: b\n\n", 8192))
                .containsExactly(new SseEvent("message_start", "a\nb"));
    }

    @Test
    void ignores_comments_ids_and_retry() throws IOException {
        assertThat(read(": OPENROUTER PROCESSING\n\nid: 7\nretry: 10\ndata: z\n\n", 8192))
                .containsExactly(new SseEvent("message", "z"));
    }

    @Test
    void handles_crlf_and_cr_line_ends_split_across_reads() throws IOException {
        String wire = "data: one\r\n\r\ndata: two\r\rdata: three\n\n";
        for (int size = 1; size <= 8; size++) {
            assertThat(read(wire, size)).as("buffer %d", size)
                    .extracting(SseEvent::data).containsExactly("one", "two", "three");
        }
    }

    @Test
    void keeps_utf8_characters_split_across_reads() throws IOException {
        String text = "data: {\"t\":\"héllo 世界 🎉\"}\n\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            InputStream dribble = new InputStream() {
                int pos;

                @Override
                public int read() {
                    return pos < bytes.length ? bytes[pos++] & 0xff : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (pos >= bytes.length) {
                        return -1;
                    }
                    int n = Math.min(Math.min(len, 1 + random.nextInt(4)), bytes.length - pos);
                    System.arraycopy(bytes, pos, b, off, n);
                    pos += n;
                    return n;
                }
            };
            SseEvent e = new SseReader(dribble, 3).next();
            assertThat(e.data()).isEqualTo("{\"t\":\"héllo 世界 🎉\"}");
        }
    }

    @Test
    void drops_an_unterminated_last_event_and_events_without_data() throws IOException {
        assertThat(read("event: ping\n\ndata: done\n\ndata: partial", 8192))
                .extracting(SseEvent::data).containsExactly("done");
    }
}
