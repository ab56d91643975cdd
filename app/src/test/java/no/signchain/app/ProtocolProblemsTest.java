package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Requests Spring MVC refuses before any signchain controller is chosen (wrong method, media type, path, or a
 * multipart body it cannot take) are answered {@code application/problem+json} too, with the right status.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "signchain.temporal.task-queue=bad-input-test")
class ProtocolProblemsTest {

    @LocalServerPort
    int port;

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static Stream<Arguments> requestsRefusedBeforeAController() {
        String contracts = "/api/v1/contracts";
        return Stream.of(
                Arguments.of(
                        "a contract posted as JSON", 415, "POST", contracts, "Content-Type", "application/json", "{}"),
                Arguments.of("DELETE on the contracts", 405, "DELETE", contracts, null, null, null),
                Arguments.of("a path that does not exist", 404, "GET", "/api/v1/nope", null, null, null),
                Arguments.of(
                        "a document asked for as JSON",
                        406,
                        "GET",
                        contracts + "/" + UUID.randomUUID() + "/document",
                        "Accept",
                        "application/json",
                        null),
                Arguments.of(
                        "multipart without a boundary",
                        400,
                        "POST",
                        contracts,
                        "Content-Type",
                        "multipart/form-data",
                        "--x\r\n\r\n--x--\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsRefusedBeforeAController")
    void isAnsweredWithAProblem(
            String description, int status, String method, String path, String header, String value, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            request.header(header, value);
        }
        request.header("Authorization", "Bearer " + new SignchainHttp(port, "http://unused").token());

        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(description).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .as(description)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = SignchainHttp.JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString("")).as(description).isNotBlank();
    }

    @Test
    void anUploadOverTheLimitIsAnsweredWithAProblemBeforeItIsRead() throws Exception {
        // Content-Length alone puts it over the request limit (signchain.documents.max-size, 50MB, plus 1MB); nothing
        // more is sent.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /api/v1/contracts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Authorization: Bearer " + new SignchainHttp(port, "http://unused").token()
                                    + "\r\n"
                                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 60000000\r\n"
                                    + "Connection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String head = SignchainHttp.responseHead(socket.getInputStream());

            assertThat(head).startsWith("HTTP/1.1 413");
            assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
        }
    }
}
