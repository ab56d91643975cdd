package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SignApiWireRecordsTest {

    private static final JsonMapper JSON = SignApiClient.createJsonMapper();

    private static SigningSessionRequest bankIdRequest() {
        return SigningSessionRequest.norwegianBankIdPki("Loan agreement", List.of(SessionDocument.sign("c1", "d1")),
                Samples.NIN, Instant.parse("2026-02-01T12:00:00Z"));
    }

    @Test
    void ninNeverAppearsInToString() {
        SigningSession session = JSON.readValue(Samples.SIGNING_SESSION, SigningSession.class);

        assertThat(bankIdRequest().toString()).doesNotContain(Samples.NIN).contains("nationalIdentificationNumber=***");
        assertThat(bankIdRequest().signer().toString()).doesNotContain(Samples.NIN);
        assertThat(session.toString()).doesNotContain(Samples.NIN, "kari@example.org", "Kari Nordmann", "1970-01-01");
        assertThat(session.output().userInfo().toString()).doesNotContain(Samples.NIN).contains("nin=***");
        assertThat(session.signer().toString()).doesNotContain(Samples.NIN);
        SigningSessionPage page = new SigningSessionPage(1, 0, 1, 1, List.of(session));
        assertThat(page.toString()).doesNotContain(Samples.NIN);
    }

    @Test
    void absentPersonalFieldsPrintAsNull() {
        assertThat(new Signer(null, null, null, null, null, null).toString())
                .contains("nationalIdentificationNumber=null");
    }

    @Test
    void settingsNeverPrintTheSecret() {
        SignApiSettings settings = SignApiSettings.forSignicat("client-id", "very-secret");

        assertThat(settings.toString()).doesNotContain("very-secret").contains("client-id", "clientSecret=***");
        assertThat(settings.baseUrl()).hasToString("https://api.signicat.com/sign");
        assertThat(settings.tokenUrl()).hasToString("https://api.signicat.com/auth/open/connect/token");
        assertThat(settings.organizationId()).isNull();
    }

    @Test
    void settingsRejectMissingCredentials() {
        assertThatThrownBy(() -> SignApiSettings.forSignicat("id", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignApiSettings.forSignicat(null, "secret"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullsAreLeftOutOfRequests() {
        String json = JSON.writeValueAsString(bankIdRequest());

        assertThat(json).doesNotContain("null", "signText", "redirectSettings", "identityProviders");
    }

    @Test
    void bankIdFactoryRejectsAMalformedNinWithoutQuotingIt() {
        assertThatThrownBy(() -> SigningSessionRequest.norwegianBankIdPki("t", List.of(SessionDocument.sign("c", "d")),
                "0101701234", Instant.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("0101701234");
    }

    @Test
    void requestChecksSignicatLimits() {
        List<SessionDocument> docs = List.of(SessionDocument.sign("c", "d"));
        Instant due = Instant.parse("2026-02-01T12:00:00Z");
        assertThatThrownBy(() -> SigningSessionRequest.norwegianBankIdPki("x".repeat(256), docs, Samples.NIN, due))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("title");
        assertThatThrownBy(() -> SigningSessionRequest.norwegianBankIdPki("t", List.of(), Samples.NIN, due))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("documents");
        assertThatThrownBy(() -> bankIdRequest().withExternalReference("x".repeat(1025)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("externalReference");
        assertThatThrownBy(() -> new DocumentMetadataUpdate(null, null, "x".repeat(1001)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("description");
        assertThatThrownBy(() -> SigningSessionQuery.all().withStates(SessionState.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void logLinesCarryQueryNamesButNoValues() {
        HttpUrl url = HttpUrl.get("https://api.signicat.com/sign/signing-sessions?sessionTitleLike=Kari%20Nordmann"
                + "&state=READY&state=BLOCKED&limit=10");

        assertThat(RequestLogInterceptor.describe(url))
                .isEqualTo("/sign/signing-sessions?sessionTitleLike&state&limit");
    }
}
