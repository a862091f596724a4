package dev.oauthrouter.translate;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestFieldsTest {
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVQImWNw"
            + "av0CAALIAbzDqqRyAAAAAElFTkSuQmCC";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "data:image/jpeg;base64," + PNG + "| image/png",
        "data:image/png;base64,/9j/4AAQSkZJRgABAQ| image/jpeg",
        "data:image/png;base64,R0lGODlhAQABAIAAAP| image/gif",
        "data:image/png;base64,UklGRiQAAABXRUJQVlA4IBgAAAAw| image/webp",
        "data:image/heic;base64,AAAAGGZ0eXBoZWlj| image/heic",
        "data:application/pdf;base64,JVBERi0xLjQK| application/pdf",
    })
    void data_url_reports_the_real_image_type(String url, String expected) {
        assertThat(RequestFields.dataUrl(url, "p").mediaType()).isEqualTo(expected);
    }

    @Test
    void data_url_without_base64_is_rejected() {
        assertThatThrownBy(() -> RequestFields.dataUrl("data:image/png,rawbytes", "messages[0].content[1]"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.param()).contains("messages[0].content[1]"));
    }

    @Test
    void stop_drops_whitespace_only_and_repeated_sequences() {
        ObjectNode body = (ObjectNode) Json.parse(
                "{\"stop\":[\"\\n\",\" \",\"\",\"END\",\"END\",\"\\nUser:\"]}");

        assertThat(RequestFields.stopSequences(body)).containsExactly("END", "\nUser:");
    }
}
