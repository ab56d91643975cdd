package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import no.signchain.activities.signicat.wire.DocumentMetadataUpdate;
import no.signchain.activities.signicat.wire.SessionDocument;
import no.signchain.activities.signicat.wire.SignicatSession;
import no.signchain.activities.signicat.wire.SignicatSessionPage;
import no.signchain.activities.signicat.wire.SignicatSessionQuery;
import no.signchain.activities.signicat.wire.SignicatSessionRequest;
import no.signchain.activities.signicat.wire.SignicatSessionState;
import no.signchain.activities.signicat.wire.SignicatSigner;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SignApiWireRecordsTest {

    private static final JsonMapper JSON = SignApiClient.createJsonMapper();

    private static SignicatSessionRequest bankIdRequest() {
        return SignicatSessionRequest.norwegianBankIdPki(
                "Loan agreement",
                List.of(SessionDocument.sign("c1", "d1")),
                Samples.NATIONAL_ID,
                Instant.parse("2026-02-01T12:00:00Z"));
    }

    @Test
    void ninNeverAppearsInToString() {
        SignicatSession session = JSON.readValue(Samples.SIGNING_SESSION, SignicatSession.class);

        assertThat(bankIdRequest().toString()).doesNotContain(Samples.NIN).contains("nationalIdentificationNumber=***");
        assertThat(bankIdRequest().signer().toString()).doesNotContain(Samples.NIN);
        assertThat(session.toString()).doesNotContain(Samples.NIN, "kari@example.org", "Kari Nordmann", "1970-01-01");
        assertThat(session.output().userInfo().toString())
                .doesNotContain(Samples.NIN)
                .contains("nin=***");
        assertThat(session.signer().toString()).doesNotContain(Samples.NIN);
        SignicatSessionPage page = new SignicatSessionPage(1, 0, 1, 1, List.of(session));
        assertThat(page.toString()).doesNotContain(Samples.NIN);
    }

    @Test
    void absentPersonalFieldsPrintAsNull() {
        assertThat(new SignicatSigner(null, null, null, null, null, null).toString())
                .contains("nationalIdentificationNumber=null");
    }

    @Test
    void settingsNeverPrintTheSecret() {
        SignApiProperties settings = SignApiProperties.forSignicat("client-id", "very-secret");

        assertThat(settings.toString()).doesNotContain("very-secret").contains("client-id", "clientSecret=***");
        assertThat(settings.baseUrl()).hasToString("https://api.signicat.com/sign");
        assertThat(settings.tokenUrl()).hasToString("https://api.signicat.com/auth/open/connect/token");
        assertThat(settings.organizationId()).isNull();
    }

    @Test
    void settingsRejectMissingCredentials() {
        assertThatThrownBy(() -> SignApiProperties.forSignicat("id", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SignApiProperties.forSignicat(null, "secret"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullsAreLeftOutOfRequests() {
        String json = JSON.writeValueAsString(bankIdRequest());

        assertThat(json).doesNotContain("null", "signText", "redirectSettings", "identityProviders");
    }

    @Test
    void requestChecksSignicatLimits() {
        List<SessionDocument> docs = List.of(SessionDocument.sign("c", "d"));
        Instant due = Instant.parse("2026-02-01T12:00:00Z");
        assertThatThrownBy(() ->
                        SignicatSessionRequest.norwegianBankIdPki("x".repeat(256), docs, Samples.NATIONAL_ID, due))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("title");
        assertThatThrownBy(() -> SignicatSessionRequest.norwegianBankIdPki("t", List.of(), Samples.NATIONAL_ID, due))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("documents");
        assertThatThrownBy(() -> bankIdRequest().withExternalReference("x".repeat(1025)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("externalReference");
        assertThatThrownBy(() -> new DocumentMetadataUpdate(null, null, "x".repeat(1001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("description");
        assertThatThrownBy(() -> SignicatSessionQuery.all().withStates(SignicatSessionState.UNKNOWN))
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
