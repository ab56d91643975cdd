package no.signchain.app;

import static no.signchain.app.Contracts.AKSEL;
import static no.signchain.app.Contracts.OLE;
import static no.signchain.app.Contracts.SANNA;
import static no.signchain.app.Contracts.THREE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import no.signchain.activities.pdf.TestPdfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every signed version is verified before the next signer's turn, end to end: the simulator signs like Signicat
 * (DSS, PAdES-BASELINE-LT, PNONO- identifiers) and, on request, like a provider gone wrong; signchain's verifier must
 * catch each wrong result, end the contract FAILED naming the signer, and never open the next signer's session.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "signchain.temporal.task-queue=verification-test",
            "signchain.contracts.reconcile-interval=PT2S",
            "signchain.contracts.start-sweep-interval=PT1S"
        })
class VerificationTest {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    SignchainHttp http;

    @BeforeEach
    void connect() {
        http = new SignchainHttp(port, simulator.root().toString());
        http.resetSimulatorKnobs();
    }

    @AfterEach
    void resetKnobs() {
        http.resetSimulatorKnobs();
    }

    @Test
    void eachVersionsReportNamesItsLevelIndicationsAndSignerButNoIdentityNumber() {
        String id = submit("Verified chain");
        for (int signer = 1; signer <= 3; signer++) {
            http.decide(http.awaitSignatureUrl(id, signer), "sign");
        }
        http.awaitStatus(id, "COMPLETED");

        for (int version = 1; version <= 3; version++) {
            SignchainHttp.Response response =
                    http.get("/api/v1/contracts/" + id + "/versions/" + version + "/validation");
            assertThat(response.status()).isEqualTo(200);
            String body = new String(response.body(), StandardCharsets.UTF_8);
            assertThat(body).doesNotContain(AKSEL.nationalId(), OLE.nationalId(), SANNA.nationalId());
            JsonNode report = response.json();
            assertThat(report.get("passed").asBoolean()).isTrue();
            assertThat(report.get("signatureLevel").asString()).isEqualTo("PAdES-BASELINE-LT");
            assertThat(report.get("identity").get("signer").asInt()).isEqualTo(version);
            assertThat(report.get("identity").get("matched").asBoolean()).isTrue();
            assertThat(report.get("identity").get("source").asString()).isEqualTo("certificate");
            assertThat(report.get("identity").get("certificateIdentifier").asString())
                    .isEqualTo("ETSI_IDENTIFIER");
            assertThat(report.get("identity").get("providerAgrees").asBoolean()).isTrue();
            assertThat(report.get("signatures").size()).isEqualTo(version);
            assertThat(report.get("signatures")
                            .valueStream()
                            .map(s -> s.get("indication").asString()))
                    .containsOnly("TOTAL_PASSED");
            assertThat(report.get("checks")
                            .valueStream()
                            .map(c -> c.get("passed").asBoolean()))
                    .hasSize(8)
                    .containsOnly(true);
        }
        assertThat(http.get("/api/v1/contracts/" + id + "/versions")
                        .json()
                        .get(1)
                        .get("validationUrl")
                        .asString())
                .isEqualTo("/api/v1/contracts/" + id + "/versions/1/validation");
        assertThat(http.get("/api/v1/contracts/" + id + "/versions/0/validation")
                        .status())
                .isEqualTo(400);
        assertThat(http.get("/api/v1/contracts/" + id + "/versions/4/validation")
                        .status())
                .isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "an impostor signs        | decision=sign&signAs=12829025475 | signature 2 belongs to someone other than signer 2",
                "earlier bytes rewritten  | decision=sign&tamper=earlier-revision | version 2, from signer 2's session, rewrote bytes of version 1",
                "nothing signed           | decision=sign&tamper=unsigned | signer 2's session added no signature to version 1"
            })
    void aWrongVersionFromSignerTwoEndsTheContractFailedAndSignerThreeNeverGetsASession(
            String description, String form, String reason) {
        String id = submit("Provider gone wrong: " + description);
        http.decide(http.awaitSignatureUrl(id, 1), "sign");
        http.submitSignerForm(http.awaitSignatureUrl(id, 2), form);

        JsonNode failed = http.awaitStatus(id, "FAILED");

        assertThat(failed.get("reason").asString()).isEqualTo(reason);
        assertThat(failed.get("signers").valueStream().map(s -> s.get("status").asString()))
                .containsExactly("SIGNED", "FAILED", "SKIPPED");
        assertThat(http.simulatorSessionsOf(id))
                .as("sessions at the provider: none for signer 3")
                .hasSize(2);
        JsonNode report =
                http.get("/api/v1/contracts/" + id + "/versions/2/validation").json();
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(report.get("failure").asString()).isEqualTo(reason);
    }

    private String submit(String title) {
        SignchainHttp.Response response = http.submit(Contracts.json(title, THREE), TestPdfs.contract(title));
        assertThat(response.status())
                .as("submit: %s", new String(response.body()))
                .isEqualTo(201);
        return response.json().get("id").asString();
    }
}
