package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import no.signchain.activities.signicat.wire.ResultPackage;
import no.signchain.activities.signicat.wire.SessionDocument;
import no.signchain.activities.signicat.wire.SignicatSession;
import no.signchain.activities.signicat.wire.SignicatSessionPage;
import no.signchain.activities.signicat.wire.SignicatSessionQuery;
import no.signchain.activities.signicat.wire.SignicatSessionRequest;
import no.signchain.activities.signicat.wire.SignicatSessionState;
import no.signchain.activities.signicat.wire.SigningSetup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SignApiSigningSessionsTest {

    private static final JsonMapper JSON = SignApiClient.createJsonMapper();
    private static final String SESSION_ID = "f05d0dce-a7af-432b-b6b8-e455ab7c0852";

    @StartStop
    final MockWebServer server = new MockWebServer();

    FakeSignicat signicat;
    SignApiClient client;

    @BeforeEach
    void setUp() {
        signicat = FakeSignicat.on(server);
        client = FakeSignicat.client(server);
    }

    private static SignicatSessionRequest bankIdRequest() {
        return SignicatSessionRequest.norwegianBankIdPki(
                        "Loan agreement",
                        List.of(SessionDocument.sign("c1", "d1")),
                        Samples.NATIONAL_ID,
                        Instant.parse("2026-02-01T12:00:00Z"))
                .withExternalReference("contract-42/step-1")
                .withSignatureUrlTimeToLive(Duration.ofHours(72))
                .withRedirectSettings(new SignicatSessionRequest.RedirectSettings(
                        URI.create("https://app.example/ok"),
                        URI.create("https://app.example/cancel"),
                        URI.create("https://app.example/error")))
                .withUsageTags(List.of("signchain"));
    }

    @Test
    void createPostsAJsonArrayWithTheNorwegianBankIdPkiShape() {
        signicat.enqueueJson(201, "[" + Samples.READY_SESSION + "]");

        List<SignicatSession> sessions = client.createSigningSessions(List.of(bankIdRequest()));

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sign/signing-sessions");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
        JsonNode body = JSON.readTree(request.getBody().utf8());
        assertThat(body.isArray()).isTrue();
        assertThat(body).isEqualTo(JSON.readTree("""
                [{
                  "title": "Loan agreement",
                  "dueDate": "2026-02-01T12:00:00Z",
                  "documents": [{"documentCollectionId": "c1", "documentId": "d1", "action": "SIGN"}],
                  "externalReference": "contract-42/step-1",
                  "signingSetup": [{"signingFlow": "PKISIGNING", "vendor": "NBID"}],
                  "signer": {"nationalIdentificationNumber": "06046517928",
                             "validations": ["NATIONAL_IDENTIFICATION_NUMBER"]},
                  "ui": {"language": "nb"},
                  "signatureUrlTimeToLive": "PT72H",
                  "redirectSettings": {"success": "https://app.example/ok", "cancel": "https://app.example/cancel",
                                       "error": "https://app.example/error"},
                  "usageTags": ["signchain"]
                }]"""));

        assertThat(sessions).hasSize(1);
        SignicatSession session = sessions.getFirst();
        assertThat(session.id()).isEqualTo("a0000000-0000-0000-0000-000000000001");
        assertThat(session.signatureUrl()).isEqualTo(URI.create("https://sign.example.signicat.com/session/a0000000"));
        assertThat(session.lifecycle().stateEnum()).isEqualTo(SignicatSessionState.READY);
        assertThat(session.lifecycle().stateIsFinal()).isFalse();
        assertThat(session.output()).isNull();
    }

    @Test
    void createSeveralSessionsInOneCall() {
        signicat.enqueueJson(201, "[" + Samples.READY_SESSION + "," + Samples.SIGNING_SESSION + "]");

        List<SignicatSession> sessions = client.createSigningSessions(List.of(bankIdRequest(), bankIdRequest()));

        assertThat(JSON.readTree(signicat.lastApiRequest().getBody().utf8()).size())
                .isEqualTo(2);
        assertThat(sessions)
                .extracting(SignicatSession::id)
                .containsExactly("a0000000-0000-0000-0000-000000000001", SESSION_ID);
    }

    @Test
    void createOneSessionUnwrapsTheArray() {
        signicat.enqueueJson(201, "[" + Samples.READY_SESSION + "]");

        SignicatSession session = client.createSigningSession(bankIdRequest());

        assertThat(JSON.readTree(signicat.lastApiRequest().getBody().utf8()).isArray())
                .isTrue();
        assertThat(session.externalReference()).isEqualTo("contract-42/step-1");
    }

    @Test
    void getMapsTheFullReferenceSample() {
        signicat.enqueueJson(200, Samples.SIGNING_SESSION);

        SignicatSession session = client.getSigningSession(SESSION_ID);

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sign/signing-sessions/" + SESSION_ID);

        assertThat(session.id()).isEqualTo(SESSION_ID);
        assertThat(session.title()).isEqualTo("Rental agreement");
        assertThat(session.signText()).isEqualTo("Please sign this document");
        assertThat(session.signatureUrlTimeToLive()).isEqualTo("PT1M30S");
        assertThat(session.signatureUrlExpiresAt()).isEqualTo(Instant.parse("2026-01-15T14:05:00Z"));
        assertThat(session.dueDate()).isEqualTo(Instant.parse("2025-04-01T17:32:28Z"));
        assertThat(session.documents())
                .containsExactly(new SessionDocument(
                        "f05d0dce-a7af-432b-b6b8-e455ab7c0853", "f05d0dce-a7af-432b-b6b8-e455ab7c0857", "SIGN"));
        assertThat(session.lifecycle()).isEqualTo(new SignicatSession.Lifecycle("SIGNED", true));
        assertThat(session.lifecycle().isSigned()).isTrue();
        assertThat(session.lifecycle().isFinalFailure()).isFalse();
        assertThat(session.output().signatures())
                .containsExactly(new SignicatSession.Signature(
                        "f05d0dce-a7af-432b-b6b8-e455ab7c0854",
                        "f05d0dce-a7af-432b-b6b8-e455ab7c0856",
                        "f05d0dce-a7af-432b-b6b8-e455ab7c0855",
                        "f05d0dce-a7af-432b-b6b8-e455ab7c0857",
                        "PADES"));
        assertThat(session.output().packages())
                .extracting(ResultPackage::packageType)
                .containsExactly("PADES_CONTAINER");
        assertThat(session.output().userInfo())
                .isEqualTo(new SignicatSession.UserInfo(
                        Instant.parse("2026-01-20T10:30:00Z"),
                        "Kari Nordmann",
                        Samples.NIN,
                        "Kari",
                        "Nordmann",
                        "1970-01-01"));
        assertThat(session.externalReference()).isEqualTo("contract-42/step-1");
        assertThat(session.signingSetup()).singleElement().satisfies(setup -> {
            assertThat(setup.signingFlow()).isEqualTo("PKISIGNING");
            assertThat(setup.vendor()).isEqualTo("NBID");
            assertThat(setup.identityProviders()).containsExactly(new SigningSetup.IdentityProvider("nbid"));
            assertThat(setup.requestedAttributes()).containsExactly("nin", "dateOfBirth");
        });
        assertThat(session.signer().nationalIdentificationNumber()).isEqualTo(Samples.NIN);
        assertThat(session.signer().email()).isEqualTo("kari@example.org");
        assertThat(session.signer().validations()).containsExactly("NATIONAL_IDENTIFICATION_NUMBER");
        assertThat(session.ui()).isEqualTo(new SignicatSessionRequest.Ui("nb", true, true));
        assertThat(session.redirectSettings().cancel()).isEqualTo(URI.create("https://app.example/cancel"));
        assertThat(session.packageTo()).containsExactly("PADES_CONTAINER");
        assertThat(session.usageTags()).containsExactly("signchain");
    }

    @Test
    void deleteWithdrawsTheSession() {
        signicat.enqueue(new MockResponse.Builder().code(204).build());

        client.deleteSigningSession(SESSION_ID);

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getMethod()).isEqualTo("DELETE");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sign/signing-sessions/" + SESSION_ID);
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token-1");
    }

    @Test
    void listSendsEveryFilterAndMapsThePage() {
        signicat.enqueueJson(200, """
                {"limit": 2, "offset": 0, "count": 1, "total": 1, "data": [%s], "next": "ignored"}""".formatted(Samples.SIGNING_SESSION));

        SignicatSessionPage page = client.listSigningSessions(SignicatSessionQuery.all()
                .withPage(0, 2)
                .withSort("+dueDate")
                .withStates(SignicatSessionState.READY, SignicatSessionState.BLOCKED)
                .withCreatedBetween(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-12-31T23:59:59Z"))
                .withDueBetween(Instant.parse("2024-06-01T00:00:00Z"), Instant.parse("2024-06-30T23:59:59Z"))
                .withSessionTitleLike("Contract & co"));

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sign/signing-sessions");
        assertThat(request.getUrl().queryParameter("offset")).isEqualTo("0");
        assertThat(request.getUrl().queryParameter("limit")).isEqualTo("2");
        assertThat(request.getUrl().queryParameter("sort")).isEqualTo("+dueDate");
        assertThat(request.getUrl().encodedQuery()).contains("sort=%2BdueDate");
        assertThat(request.getUrl().queryParameterValues("state")).containsExactly("READY", "BLOCKED");
        assertThat(request.getUrl().queryParameter("createdDateFrom")).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(request.getUrl().queryParameter("createdDateTo")).isEqualTo("2024-12-31T23:59:59Z");
        assertThat(request.getUrl().queryParameter("dueDateFrom")).isEqualTo("2024-06-01T00:00:00Z");
        assertThat(request.getUrl().queryParameter("dueDateTo")).isEqualTo("2024-06-30T23:59:59Z");
        assertThat(request.getUrl().queryParameter("sessionTitleLike")).isEqualTo("Contract & co");

        assertThat(page.limit()).isEqualTo(2);
        assertThat(page.count()).isEqualTo(1);
        assertThat(page.total()).isEqualTo(1);
        assertThat(page.hasMore()).isFalse();
        assertThat(page.data()).extracting(SignicatSession::id).containsExactly(SESSION_ID);
    }

    @Test
    void listWithoutFiltersSendsNoQuery() {
        signicat.enqueueJson(200, "{\"limit\":100,\"offset\":0,\"count\":0,\"total\":0,\"data\":[]}");

        SignicatSessionPage page = client.listSigningSessions(SignicatSessionQuery.all());

        assertThat(signicat.lastApiRequest().getUrl().querySize()).isZero();
        assertThat(page.data()).isEmpty();
    }

    @Test
    void updateDueDatePatchesOnlyTheDueDate() {
        signicat.enqueueJson(200, Samples.READY_SESSION);

        SignicatSession session = client.updateSigningSessionDueDate(SESSION_ID, Instant.parse("2025-12-31T23:59:59Z"));

        RecordedRequest request = signicat.lastApiRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/sign/signing-sessions/" + SESSION_ID);
        assertThat(JSON.readTree(request.getBody().utf8()))
                .isEqualTo(JSON.readTree("{\"dueDate\":\"2025-12-31T23:59:59Z\"}"));
        assertThat(session.lifecycle().state()).isEqualTo("READY");
    }

    @Test
    void updateDueDateWithAnEmptyAnswerReadsTheSessionBack() {
        signicat.enqueue(new MockResponse.Builder().code(204).build());
        signicat.enqueueJson(200, Samples.READY_SESSION);

        SignicatSession session = client.updateSigningSessionDueDate(SESSION_ID, Instant.parse("2025-12-31T23:59:59Z"));

        assertThat(signicat.apiRequests).extracting(RecordedRequest::getMethod).containsExactly("PATCH", "GET");
        assertThat(session.id()).isEqualTo("a0000000-0000-0000-0000-000000000001");
    }
}
