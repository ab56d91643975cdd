package no.signchain.app;

import static no.signchain.app.Contracts.THREE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.stream.Stream;
import no.signchain.activities.pdf.TestPdfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * Who may call the API, against the all-in-one app's own authorization server and its two demo clients: without a
 * token nothing answers but 401, a token's scopes bound what it may do, and one client never sees, downloads,
 * changes or erases another client's contract: every such request is a 404, exactly as for an id that does not exist.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "signchain.temporal.task-queue=authentication-test")
class AuthenticationTest {

    private static final String SIGNER = "{\"name\":\"Kari Nordmann\",\"nationalId\":\"15059012387\"}";

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    SignchainHttp first;
    SignchainHttp second;
    SignchainHttp anonymous;

    @BeforeEach
    void connect() {
        first = new SignchainHttp(port, simulator.root().toString());
        second = first.as(SignchainHttp.SIGNCHAIN_LOCAL_2);
        anonymous = first.as(null);
    }

    /** Every kind of API request, on a contract id that exists or not: the token is checked before anything else. */
    static Stream<Arguments> everyApiRequest() {
        String contract = "/api/v1/contracts/" + UUID.randomUUID();
        return Stream.of(
                Arguments.of(HttpMethod.GET, "/api/v1/contracts", null),
                Arguments.of(HttpMethod.POST, "/api/v1/contracts", null),
                Arguments.of(HttpMethod.GET, contract, null),
                Arguments.of(HttpMethod.GET, contract + "/document", null),
                Arguments.of(HttpMethod.GET, contract + "/versions", null),
                Arguments.of(HttpMethod.GET, contract + "/versions/1/validation", null),
                Arguments.of(HttpMethod.GET, contract + "/events", null),
                Arguments.of(HttpMethod.GET, contract + "/deliveries", null),
                Arguments.of(HttpMethod.POST, contract + "/deliveries/" + UUID.randomUUID() + "/redeliver", null),
                Arguments.of(HttpMethod.POST, contract + "/cancel", "{\"reason\":\"r\"}"),
                Arguments.of(HttpMethod.PUT, contract + "/signers/1", SIGNER),
                Arguments.of(HttpMethod.PATCH, contract + "/signers/1", "{\"deadline\":\"2030-01-01T00:00:00Z\"}"),
                Arguments.of(HttpMethod.POST, contract + "/signers/1/remind", null),
                Arguments.of(HttpMethod.DELETE, contract, null),
                Arguments.of(HttpMethod.GET, "/api/v1/no-such-path", null),
                Arguments.of(HttpMethod.GET, "/actuator/info", null),
                // Only POST deliveries take the webhooks' own chain; anything else there is an API request.
                Arguments.of(HttpMethod.GET, "/webhooks/signicat", null),
                Arguments.of(HttpMethod.PUT, "/webhooks/zignsec", "{}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyApiRequest")
    void withoutATokenEveryApiPathAnswers401(HttpMethod method, String path, String json) {
        SignchainHttp.Response response = anonymous.send(method, path, json);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("bearer token is required");
        assertThat(response.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
    }

    @Test
    void aTokenNotSignedByTheIssuerIsRefusedWithoutQuotingIt() {
        String forged =
                "eyJhbGciOiJub25lIn0.eyJjbGllbnRfaWQiOiJzaWduY2hhaW4tbG9jYWwiLCJzY29wZSI6ImNvbnRyYWN0czpyZWFkIn0.";

        SignchainHttp.Response response = anonymous.sendWithToken(HttpMethod.GET, "/api/v1/contracts", forged);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("not valid");
        assertThat(new String(response.body())).doesNotContain(forged);
    }

    @Test
    void healthAndTheApiDescriptionNeedNoToken() {
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void aWebhookDeliveryIsJudgedByItsOwnSignatureNotByABearerToken() {
        SignchainHttp.Response unsigned = anonymous.send(
                HttpMethod.POST,
                "/webhooks/signicat",
                "{\"id\":\"" + UUID.randomUUID() + "\",\"eventName\":\"session.completed\"}");

        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.contentType()).startsWith("application/problem+json");
        assertThat(unsigned.json().get("title").asString()).isEqualTo("Delivery not authenticated");
        assertThat(unsigned.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNull();
        assertThat(unsigned.headers().getFirst(HttpHeaders.SET_COOKIE)).isNull();
    }

    @Test
    void aTokenWithoutTheScopeIsForbiddenAndToldWhichScope() {
        // The second demo client may run contracts but not read the actuator.
        SignchainHttp.Response response = second.get("/actuator/info");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("actuator:read");
    }

    @Test
    void anotherClientCannotSeeDownloadChangeOrEraseAContract() {
        String title = "Owned by the first client";
        SignchainHttp.Response submitted =
                first.submit(Contracts.json(title, "owned-" + UUID.randomUUID(), THREE), TestPdfs.contract(title));
        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.json().get("id").asString();
        String externalRef = submitted.json().get("externalRef").asString();
        first.awaitSignatureUrl(id, 1);
        String contract = "/api/v1/contracts/" + id;

        Stream.of(
                        second.get(contract),
                        second.get(contract + "/document"),
                        second.get(contract + "/versions"),
                        second.get(contract + "/versions/1/validation"),
                        second.get(contract + "/events"),
                        second.get(contract + "/deliveries"),
                        second.send(HttpMethod.POST, contract + "/cancel", "{\"reason\":\"not yours\"}"),
                        second.send(HttpMethod.PUT, contract + "/signers/1", SIGNER),
                        second.send(
                                HttpMethod.PATCH, contract + "/signers/1", "{\"deadline\":\"2030-01-01T00:00:00Z\"}"),
                        second.send(HttpMethod.POST, contract + "/signers/1/remind", null),
                        second.send(HttpMethod.DELETE, contract, null))
                .forEach(response -> {
                    assertThat(response.status()).isEqualTo(404);
                    assertThat(response.contentType()).startsWith("application/problem+json");
                    assertThat(new String(response.body())).doesNotContain(id);
                });

        JsonNode secondsList = second.get("/api/v1/contracts?size=100").json();
        assertThat(secondsList.get("items").valueStream().map(c -> c.get("id").asString()))
                .doesNotContain(id);

        // References are each client's own: the same one names a new contract of the second client, not a conflict.
        SignchainHttp.Response sameReference =
                second.submit(Contracts.json(title, externalRef, THREE), TestPdfs.contract(title));
        assertThat(sameReference.status()).isEqualTo(201);
        assertThat(sameReference.json().get("id").asString()).isNotEqualTo(id);

        // Nothing the second client tried changed the first client's contract.
        JsonNode after = first.get(contract).json();
        assertThat(after.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(after.get("signers").get(0).get("status").asString()).isEqualTo("READY");
        assertThat(first.get("/api/v1/contracts?size=100")
                        .json()
                        .get("items")
                        .valueStream()
                        .map(c -> c.get("id").asString()))
                .contains(id)
                .doesNotContain(sameReference.json().get("id").asString());
    }
}
