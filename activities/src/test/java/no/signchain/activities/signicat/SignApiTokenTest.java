package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import no.signchain.activities.signicat.wire.SessionDocument;
import no.signchain.activities.signicat.wire.SignicatSession;
import no.signchain.activities.signicat.wire.SignicatSessionRequest;
import no.signchain.store.testing.MutableClock;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignApiTokenTest {

    private static final String SESSION_ID = "f05d0dce-a7af-432b-b6b8-e455ab7c0852";

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeSignicat signicat;
    MutableClock clock;
    SignApiClient client;

    @BeforeEach
    void setUp() {
        signicat = FakeSignicat.on(server);
        clock = new MutableClock(Instant.parse("2026-01-15T12:00:00Z"));
        client = FakeSignicat.client(FakeSignicat.settings(server), clock);
    }

    private static MockResponse unauthorized() {
        return FakeSignicat.problem(401, "{\"status\":401,\"title\":\"Unauthorized\",\"code\":\"unauthorized\"}");
    }

    @Test
    void tokenRequestIsAFormWithClientCredentials() {
        signicat.enqueueJson(200, Samples.READY_SESSION);

        client.getSigningSession(SESSION_ID);

        RecordedRequest token = signicat.tokenRequests.getFirst();
        assertThat(token.getMethod()).isEqualTo("POST");
        assertThat(token.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(token.getHeaders().get("Authorization")).isNull();
        HttpUrl form = HttpUrl.get("http://form/?" + token.getBody().utf8());
        assertThat(form.queryParameter("grant_type")).isEqualTo("client_credentials");
        assertThat(form.queryParameter("scope")).isEqualTo("signicat-api");
        assertThat(form.queryParameter("client_id")).isEqualTo("test-client");
        assertThat(form.queryParameter("client_secret")).isEqualTo("s3cr3t-value");
    }

    @Test
    void oneTokenServesManyCalls() {
        for (int i = 0; i < 3; i++) {
            signicat.enqueueJson(200, Samples.READY_SESSION);
        }

        client.getSigningSession(SESSION_ID);
        clock.advance(Duration.ofMinutes(30));
        client.getSigningSession(SESSION_ID);
        client.getSigningSession(SESSION_ID);

        assertThat(signicat.tokenRequests).hasSize(1);
        assertThat(signicat.apiRequests)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsOnly("Bearer token-1");
    }

    @Test
    void tokenIsRefreshedShortlyBeforeItExpires() {
        for (int i = 0; i < 3; i++) {
            signicat.enqueueJson(200, Samples.READY_SESSION);
        }

        client.getSigningSession(SESSION_ID);
        clock.advance(Duration.ofSeconds(3600 - 61)); // still outside the 60 s refresh margin
        client.getSigningSession(SESSION_ID);
        clock.advance(Duration.ofSeconds(2)); // inside the margin: refresh before the token can expire in flight
        client.getSigningSession(SESSION_ID);

        assertThat(signicat.tokenRequests).hasSize(2);
        assertThat(signicat.apiRequests)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2");
    }

    @Test
    void shortLivedTokensUseATenPercentMargin() {
        signicat.expiresInSeconds = 100;
        for (int i = 0; i < 3; i++) {
            signicat.enqueueJson(200, Samples.READY_SESSION);
        }

        client.getSigningSession(SESSION_ID);
        clock.advance(Duration.ofSeconds(89));
        client.getSigningSession(SESSION_ID);
        clock.advance(Duration.ofSeconds(1));
        client.getSigningSession(SESSION_ID);

        assertThat(signicat.apiRequests)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2");
    }

    @Test
    void unauthorizedCallIsRepeatedOnceWithANewToken() {
        signicat.enqueue(unauthorized());
        signicat.enqueueJson(200, Samples.READY_SESSION);

        SignicatSession session = client.getSigningSession(SESSION_ID);

        assertThat(session.id()).isNotNull();
        assertThat(signicat.tokenRequests).hasSize(2);
        assertThat(signicat.apiRequests)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void unauthorizedRepeatAlsoResendsAJsonBody() {
        signicat.enqueue(unauthorized());
        signicat.enqueueJson(201, "[" + Samples.READY_SESSION + "]");
        SignicatSessionRequest request = SignicatSessionRequest.norwegianBankIdPki(
                "Loan",
                List.of(SessionDocument.sign("c1", "d1")),
                Samples.NATIONAL_ID,
                Instant.parse("2026-02-01T12:00:00Z"));

        client.createSigningSession(request);

        assertThat(signicat.apiRequests).hasSize(2);
        assertThat(signicat.apiRequest(1).getBody())
                .isEqualTo(signicat.apiRequest(0).getBody());
    }

    @Test
    void secondUnauthorizedIsAnErrorNotALoop() {
        signicat.enqueue(unauthorized());
        signicat.enqueue(unauthorized());
        signicat.enqueueJson(200, Samples.READY_SESSION); // must stay unused

        SignApiProblemException e =
                catchThrowableOfType(SignApiProblemException.class, () -> client.getSigningSession(SESSION_ID));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("unauthorized");
        assertThat(signicat.apiRequests).hasSize(2);
        assertThat(signicat.tokenRequests).hasSize(2);
    }

    @Test
    void oneShotUploadIsNotRepeatedButTheNextCallGetsANewToken() {
        signicat.enqueue(unauthorized());
        signicat.enqueueJson(201, Samples.DOCUMENT_REFERENCE);
        byte[] pdf = "%PDF-1.7".getBytes();

        SignApiProblemException e = catchThrowableOfType(
                SignApiProblemException.class,
                () -> client.uploadDocument(new ByteArrayInputStream(pdf), pdf.length, "application/pdf"));
        client.uploadDocument(new ByteArrayInputStream(pdf), pdf.length, "application/pdf");

        assertThat(e.status()).isEqualTo(401);
        assertThat(signicat.apiRequests)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void replayableUploadIsRepeatedWithTheSameBytes() {
        signicat.enqueue(unauthorized());
        signicat.enqueueJson(201, Samples.DOCUMENT_REFERENCE);
        byte[] pdf = "%PDF-1.7 replayable".getBytes();

        client.uploadDocument(DocumentSource.ofBytes(pdf, "application/pdf"));

        assertThat(signicat.apiRequests).hasSize(2);
        assertThat(signicat.apiRequest(1).getBody().toByteArray()).isEqualTo(pdf);
    }

    @Test
    void wrongSecretIsAProblemWithTheOAuthError() {
        signicat.enqueueToken(FakeSignicat.json(
                400, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}"));

        SignApiProblemException e =
                catchThrowableOfType(SignApiProblemException.class, () -> client.getSigningSession(SESSION_ID));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_client");
        assertThat(e.detail()).isEqualTo("Client authentication failed");
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage())
                .contains("POST " + FakeSignicat.TOKEN_PATH, "400", "invalid_client")
                .doesNotContain("s3cr3t-value");
        assertThat(signicat.apiRequests).isEmpty();
    }

    @Test
    void tokenFailureOnUnauthorizedIs401WithCode() {
        signicat.enqueueToken(FakeSignicat.json(401, "{\"error\":\"invalid_client\"}"));

        SignApiProblemException e =
                catchThrowableOfType(SignApiProblemException.class, () -> client.deleteDocument("d1"));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("invalid_client");
    }

    @Test
    void concurrentCallersShareOneTokenFetch() throws Exception {
        signicat.tokenDelayMillis = 300; // every caller arrives while the first fetch is in flight
        int callers = 8;
        for (int i = 0; i < callers; i++) {
            signicat.enqueueJson(200, Samples.READY_SESSION);
        }
        List<Callable<SignicatSession>> calls = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            calls.add(() -> client.getSigningSession(SESSION_ID));
        }

        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (Future<SignicatSession> result : pool.invokeAll(calls)) {
                assertThat(result.get().id()).isNotNull();
            }
        }

        assertThat(signicat.tokenRequests).hasSize(1);
        assertThat(signicat.apiRequests)
                .hasSize(callers)
                .extracting(r -> r.getHeaders().get("Authorization"))
                .containsOnly("Bearer token-1");
    }
}
