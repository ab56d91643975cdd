package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What every refusal of bad input must be, whatever the endpoint: the status, an {@code application/problem+json}
 * body of RFC 9457's shape, and no national identity number in it or in the log.
 */
final class Refusals {

    /**
     * Every identity number the bad-input tests send, valid or not: none may come back or reach the log. (The log
     * is searched for these, not for any 11 digits, which a UUID can hold.)
     */
    static final List<String> NATIONAL_IDS = List.of(
            "06046517928",
            "11920287974",
            "12829025475",
            "15059012387",
            "06046517920",
            "11920287975",
            "01010112345",
            "01136000108",
            "15038500047",
            "0604651792");

    /** Eleven digits in a row, not part of a longer number. */
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("(?<!\\d)\\d{11}(?!\\d)");

    private Refusals() {}

    /** Asserts the refusal and returns its problem document. */
    static JsonNode assertRefused(SignchainHttp.Response response, int status, LogCapture log, String description) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.status())
                .as("%s: status (answer %s)", description, body)
                .isEqualTo(status);
        assertThat(response.contentType()).as("%s: Content-Type", description).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt())
                .as("%s: problem status", description)
                .isEqualTo(status);
        assertThat(problem.path("title").asString(""))
                .as("%s: problem title", description)
                .isNotBlank();
        assertThat(problem.path("detail").asString(""))
                .as("%s: problem detail", description)
                .isNotBlank();
        assertThat(problem.has("instance"))
                .as("%s: no instance (the path is client input)", description)
                .isFalse();
        assertThat(problem.has("trace") || problem.has("exception") || problem.has("path"))
                .as("%s: none of Spring Boot's error attributes", description)
                .isFalse();
        assertNoNationalId(body, log, description);
        return problem;
    }

    /** Asserts the problem names {@code field} among its invalid params and in its detail. */
    static void assertNames(JsonNode problem, String field, String description) {
        assertThat(problem.path("invalidParams")
                        .valueStream()
                        .map(p -> p.get("name").asString()))
                .as("%s: invalidParams", description)
                .contains(field);
        assertThat(problem.get("detail").asString())
                .as("%s: detail", description)
                .contains(field);
    }

    static void assertNoNationalId(String answer, LogCapture log, String description) {
        assertThat(ELEVEN_DIGITS.matcher(answer).find())
                .as("%s: eleven digits in the answer %s", description, answer)
                .isFalse();
        for (String nationalId : NATIONAL_IDS) {
            assertThat(answer).as("%s: the answer", description).doesNotContain(nationalId);
        }
        String logged = log.text();
        for (String nationalId : NATIONAL_IDS) {
            assertThat(logged).as("%s: the log", description).doesNotContain(nationalId);
        }
    }
}
