package no.signchain.simulator.posten;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartMixedTest {

    @Test
    void readsEachPartsTypeAndBytesEvenWhenABodyHoldsLineBreaksAndDashes() {
        String body = "--b\r\nContent-Type: application/xml\r\n\r\n<x>\r\n--not-b</x>\r\n"
                + "--b\r\ncontent-type: application/octet-stream\r\n\r\nPK\r\n\r\n--\r\n--b--\r\n";

        List<MultipartMixed.Part> parts =
                MultipartMixed.parse("multipart/mixed; boundary=\"b\"", body.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(parts)
                .extracting(MultipartMixed.Part::contentType)
                .containsExactly("application/xml", "application/octet-stream");
        assertThat(new String(parts.get(0).body(), StandardCharsets.ISO_8859_1)).isEqualTo("<x>\r\n--not-b</x>");
        assertThat(new String(parts.get(1).body(), StandardCharsets.ISO_8859_1)).isEqualTo("PK\r\n\r\n--");
    }

    @Test
    void refusesWhatIsNotMultipartMixedOrNotTerminated() {
        assertThatThrownBy(() -> MultipartMixed.parse("application/xml", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MultipartMixed.parse("multipart/mixed", new byte[0]))
                .hasMessageContaining("boundary");
        assertThatThrownBy(() -> MultipartMixed.parse(
                        "multipart/mixed; boundary=b",
                        "--b\r\nContent-Type: a/b\r\n\r\nno end".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("unterminated");
    }
}
