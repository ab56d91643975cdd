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
import org.springframework.http.HttpMethod;
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

    @org.junit.jupiter.api.extension.RegisterExtension
    final LogCapture log = new LogCapture();

    private SignchainHttp signchain() {
        return new SignchainHttp(port, "http://127.0.0.1:1");
    }

    /**
     * Paths and queries refused by Tomcat before any servlet, or by Spring before a controller: answered with a
     * problem of signchain's fixed wording, never Tomcat's HTML page or Spring's detail, which quote the request.
     */
    static Stream<Arguments> pathsAndQueriesNoControllerTakes() {
        String contracts = "/api/v1/contracts";
        return Stream.of(
                Arguments.of("NUL (%00) in the path", contracts + "/%00", 400),
                Arguments.of("an encoded slash climbing out (..%2f)", "/api/v1/..%2fcontracts", 400),
                Arguments.of("an encoded slash (%2F) in an id", contracts + "/06046517928%2Fdocument", 400),
                Arguments.of("an encoded backslash (%5C) in an id", contracts + "/..%5C06046517928", 400),
                // Refused by Spring Security's StrictHttpFirewall (RequestRejectedException), answered by the error
                // page.
                Arguments.of("an encoded dot-dot segment (%2e%2e)", "/api/v1/contracts/%2e%2e/%2e%2e/06046517928", 400),
                Arguments.of("a path parameter (;) naming a national id", contracts + ";06046517928", 400),
                Arguments.of("a double slash", "/api/v1//contracts/06046517928", 400),
                Arguments.of("a query parameter without a name", contracts + "?=06046517928", 400),
                Arguments.of("an empty parameter before a national id", contracts + "?&=06046517928", 400),
                Arguments.of("a national id as the page", contracts + "?page=06046517928", 400),
                Arguments.of("a national id as the size", contracts + "?size=06046517928", 400),
                Arguments.of("a national id as the status", contracts + "?status=06046517928", 400),
                Arguments.of("a size over 100", contracts + "?size=101", 400),
                Arguments.of("a negative page", contracts + "?page=-1", 400),
                Arguments.of("a path that does not exist, naming a national id", "/api/v1/06046517928", 404),
                Arguments.of("a national id as the contract id", contracts + "/06046517928", 404),
                Arguments.of("the error page asked for directly", "/error", 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathsAndQueriesNoControllerTakes")
    void isAProblemThatQuotesNothing(String description, String rawPathAndQuery, int status) {
        SignchainHttp.Response response = signchain().getRaw(rawPathAndQuery);

        Refusals.assertRefused(response, status, log, description);
    }

    /** What no HTTP client sends: only a raw socket can, and Tomcat refuses it before any servlet. */
    static Stream<Arguments> requestsTomcatCannotParse() {
        return Stream.of(
                Arguments.of("a lone % in the path", "GET /api/v1/contracts/% HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of(
                        "an invalid escape (%ZZ) in the path",
                        "GET /api/v1/contracts/%ZZ06046517928 HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("a space in the path", "GET /api/v1/contracts/0604 6517928 HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("no Host header", "GET /api/v1/contracts HTTP/1.1\r\n\r\n"),
                Arguments.of("a request line that is not HTTP", "06046517928\r\n\r\n"),
                Arguments.of(
                        "a header over Tomcat's limit",
                        "GET /api/v1/contracts HTTP/1.1\r\nHost: x\r\nX-Id: " + "06046517928".repeat(2000)
                                + "\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsTomcatCannotParse")
    void aMalformedRequestIsAProblemTooNotTomcatsHtmlPage(String description, String request) {
        Refusals.assertRefused(signchain().raw(request), 400, log, description);
    }

    /** Tomcat takes any token as a method; Spring Security's firewall refuses those HTTP does not define. */
    @Test
    void aMethodNamedByAnIdentityNumberIsRefusedAndNotLogged() {
        SignchainHttp.Response response =
                signchain().raw("06046517928 /api/v1/contracts HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Refusals.assertRefused(response, 400, log, "a method named 06046517928");
    }

    @Test
    void aMethodThePathDoesNotTakeIsNotAllowed() {
        SignchainHttp.Response response = signchain().send(HttpMethod.DELETE, "/api/v1/contracts", null, null);

        Refusals.assertRefused(response, 405, log, "DELETE on the contracts");
        assertThat(response.headers().getAllow()).isNotEmpty();
    }

    @Test
    void aBadQueryStringLeavesNoIdentityNumberInTheLog() {
        SignchainHttp.Response response = signchain().getRaw("/api/v1/contracts?=06046517928&06046517928");

        Refusals.assertRefused(response, 400, log, "nameless parameters");
        assertThat(log.text()).doesNotContain("06046517928").doesNotContain("Unexpected error");
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
