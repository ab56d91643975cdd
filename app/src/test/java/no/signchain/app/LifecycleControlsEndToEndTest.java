package no.signchain.app;

import static no.signchain.app.Contracts.AKSEL;
import static no.signchain.app.Contracts.OLE;
import static no.signchain.app.Contracts.SANNA;
import static no.signchain.app.Contracts.THREE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import no.signchain.activities.pdf.PdfSignatures;
import no.signchain.activities.pdf.TestPdfs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A business system's controls on running contracts, through the API, against the simulator and a real SMTP server
 * (GreenMail on loopback) and a callback receiver: each control takes effect at the provider, shows in the contract and its audit trail, and
 * a control the contract's state does not allow is refused with a problem and changes nothing.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "signchain.temporal.task-queue=controls-test",
            // These tests assert what a control did: a loaded machine should not turn their answer into 202.
            "signchain.contracts.control-timeout=PT1M",
            "signchain.contracts.reconcile-interval=PT2S",
            "signchain.contracts.start-sweep-interval=PT1S",
            "signchain.reminders.from=contracts@signchain.test",
            "signchain.callbacks.poll-interval=PT0.2S"
        })
class LifecycleControlsEndToEndTest {

    /** A fourth person, valid by the identity number's checksums, who is none of the contract's signers. */
    private static final Contracts.TestSigner KARI = new Contracts.TestSigner("Kari Nordmann", "15059012387");

    private static final GreenMail SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    private static final CallbackReceiver CALLBACKS = receiver();

    @AfterAll
    static void stop() {
        SMTP.stop();
        CALLBACKS.close();
    }

    private static CallbackReceiver receiver() {
        try {
            return new CallbackReceiver();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    JdbcClient jdbc;

    SignchainHttp http;

    @TempDir
    Path dir;

    private final Map<String, String> callbackPaths = new ConcurrentHashMap<>();

    @BeforeEach
    void connect() {
        http = new SignchainHttp(port, simulator.root().toString());
        http.resetSimulatorKnobs();
    }

    @Test
    void cancellingWhileSignerTwoWaitsWithdrawsTheirSessionAndNoOneElseGetsOne() {
        String id = submit("Cancelled lease");
        http.decide(http.awaitSignatureUrl(id, 1), "sign");
        http.awaitSignatureUrl(id, 2);

        SignchainHttp.Response cancelled =
                http.send(HttpMethod.POST, "/api/v1/contracts/" + id + "/cancel", "{\"reason\":\"the deal is off\"}");

        assertThat(cancelled.status()).as(body(cancelled)).isEqualTo(200);
        JsonNode contract = cancelled.json();
        assertThat(contract.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(contract.get("reason").asString()).isEqualTo("cancelled by signchain-local: the deal is off");
        assertThat(statuses(contract)).containsExactly("SIGNED", "SKIPPED", "SKIPPED");
        List<JsonNode> sessions = http.simulatorSessionsOf(id);
        assertThat(sessions).as("no session for signer 3").hasSize(2);
        assertThat(sessions.get(1).get("deletedAt").isNull())
                .as("signer 2's session withdrawn")
                .isFalse();

        JsonNode cancelledCallback = callback(id, "contract.cancelled");
        assertThat(cancelledCallback.get("data").get("reason").asString())
                .isEqualTo("cancelled by signchain-local: the deal is off");

        SignchainHttp.Response again =
                http.send(HttpMethod.POST, "/api/v1/contracts/" + id + "/cancel", "{\"reason\":\"twice\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.headers().getContentType()).hasToString("application/problem+json");
        assertThat(again.json().get("detail").asString()).contains("CANCELLED");

        assertThat(kinds(id))
                .containsSubsequence(
                        "contract.started",
                        "version.stored",
                        "signer.session_opened",
                        "version.stored",
                        "version.verified",
                        "signer.signed", // signed counts once the version is verified
                        "signer.session_opened",
                        "contract.cancel_requested",
                        "contract.cancelled");
    }

    @Test
    void aReplacedSignerTwoIsWithdrawnAndTheReplacementSignsTheSameVersion() throws Exception {
        String id = submit("Replaced signer");
        http.decide(http.awaitSignatureUrl(id, 1), "sign");
        String oldUrl = http.awaitSignatureUrl(id, 2);

        SignchainHttp.Response duplicate = http.send(
                HttpMethod.PUT, "/api/v1/contracts/" + id + "/signers/2", signerJson(SANNA.name(), SANNA.nationalId()));
        assertThat(duplicate.status()).as(body(duplicate)).isEqualTo(400);
        assertThat(body(duplicate)).contains("signer.nationalId").doesNotContain(SANNA.nationalId());

        SignchainHttp.Response replaced = http.send(
                HttpMethod.PUT, "/api/v1/contracts/" + id + "/signers/2", signerJson(KARI.name(), KARI.nationalId()));

        assertThat(replaced.status()).as(body(replaced)).isEqualTo(200);
        JsonNode signer2 = replaced.json().get("signers").get(1);
        assertThat(signer2.get("name").asString()).isEqualTo(KARI.name());
        assertThat(signer2.get("status").asString()).isEqualTo("READY");
        String newUrl = signer2.get("signatureUrl").asString();
        assertThat(newUrl).isNotEqualTo(oldUrl);
        List<JsonNode> sessions = http.simulatorSessionsOf(id);
        assertThat(sessions).hasSize(3);
        assertThat(sessions.get(1).get("deletedAt").isNull())
                .as("Ole's session withdrawn")
                .isFalse();
        assertThat(sessions.get(2).get("signerRef").asString())
                .as("the new session is for another person")
                .isNotEqualTo(sessions.get(1).get("signerRef").asString());

        http.decide(newUrl, "sign");
        http.decide(http.awaitSignatureUrl(id, 3), "sign");
        http.awaitStatus(id, "COMPLETED");

        JsonNode report =
                http.get("/api/v1/contracts/" + id + "/versions/2/validation").json();
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("identity").get("matched").asBoolean())
                .as("version 2 is signed by the replacement, and signchain checked it against her")
                .isTrue();
        // The final PDF carries signer 1, the replacement and signer 3, valid to DSS and to poppler's pdfsig.
        byte[] finalPdf = http.get("/api/v1/contracts/" + id + "/document").body();
        assertThat(PdfSignatures.withDss(finalPdf, http.simulatorCa()))
                .extracting(PdfSignatures.DssSignature::indication, PdfSignatures.DssSignature::subjectSerialNumber)
                .containsExactly(
                        tuple("TOTAL_PASSED", "PNONO-" + AKSEL.nationalId()),
                        tuple("TOTAL_PASSED", "PNONO-" + KARI.nationalId()),
                        tuple("TOTAL_PASSED", "PNONO-" + SANNA.nationalId()));
        Path file = Files.write(dir.resolve("replaced.pdf"), finalPdf);
        assertThat(PdfSignatures.withPdfsig(file))
                .hasSize(3)
                .allMatch(PdfSignatures.PdfsigSignature::valid, "Signature is Valid.");

        // The audit trail of the completed contract: every version's hash, and who acted at each step.
        JsonNode trail = http.get("/api/v1/contracts/" + id + "/events").json();
        for (JsonNode version :
                http.get("/api/v1/contracts/" + id + "/versions").json()) {
            assertThat(trail.valueStream()
                            .filter(e -> e.get("kind").asString().equals("version.stored"))
                            .map(e -> e.get("detail").asString()))
                    .anyMatch(detail ->
                            detail.contains("sha256 " + version.get("sha256").asString()));
        }
        assertThat(trail.valueStream()
                        .map(e -> e.get("kind").asString() + " by "
                                + e.get("actor").asString()))
                .contains(
                        "contract.started by signchain-local",
                        "signer.signed by signer 1",
                        "signer.session_withdrawn by signchain",
                        "signer.replaced by signchain-local",
                        "signer.signed by signer 2",
                        "signer.signed by signer 3",
                        "version.verified by signchain",
                        "contract.completed by signchain");
        SignchainHttp.Response events = http.get("/api/v1/contracts/" + id + "/events");
        assertThat(body(events)).doesNotContain(KARI.nationalId(), OLE.nationalId());
        assertThat(kinds(id)).contains("signer.replaced");
        JsonNode replacedCallback = callback(id, "signer.replaced");
        assertThat(replacedCallback.get("data").get("signerIndex").asInt()).isEqualTo(2);
        assertThat(replacedCallback.get("data").get("signerName").asString()).isEqualTo(KARI.name());
        assertThat(CALLBACKS.requests(callbackPaths.get(id)).stream().map(CallbackReceiver.Request::body))
                .noneMatch(body -> body.contains(KARI.nationalId()));

        SignchainHttp.Response tooLate = http.send(
                HttpMethod.PUT, "/api/v1/contracts/" + id + "/signers/1", signerJson(KARI.name(), "27038551227"));
        assertThat(tooLate.status()).isEqualTo(409);
    }

    @Test
    void aControlRepeatedUnderItsIdempotencyKeyActsOnceAndAnswersAsTheFirstDid() {
        String id = submit("Replaced once");
        http.decide(http.awaitSignatureUrl(id, 1), "sign");
        http.awaitSignatureUrl(id, 2);
        String path = "/api/v1/contracts/" + id + "/signers/2";
        String kari = signerJson(KARI.name(), KARI.nationalId());

        SignchainHttp.Response first = http.sendWithKey(HttpMethod.PUT, path, kari, "replace-2");
        SignchainHttp.Response repeated = http.sendWithKey(HttpMethod.PUT, path, kari, "replace-2");

        assertThat(first.status()).as(body(first)).isEqualTo(200);
        assertThat(repeated.status()).as(body(repeated)).isEqualTo(200);
        assertThat(repeated.json().get("signers").get(1).get("signatureUrl").asString())
                .isEqualTo(
                        first.json().get("signers").get(1).get("signatureUrl").asString());
        assertThat(http.simulatorSessionsOf(id))
                .as("signer 1's, Ole's withdrawn, and one for Kari")
                .hasSize(3);
        assertThat(kinds(id).stream().filter("signer.replaced"::equals)).hasSize(1);

        // The same key asking something else is refused, and changes nothing.
        SignchainHttp.Response reused =
                http.sendWithKey(HttpMethod.PUT, path, signerJson(OLE.name(), OLE.nationalId()), "replace-2");
        assertThat(reused.status()).as(body(reused)).isEqualTo(409);
        assertThat(body(reused)).contains("Idempotency-Key").doesNotContain(OLE.nationalId());
        SignchainHttp.Response reusedByAnother =
                http.sendWithKey(HttpMethod.POST, "/api/v1/contracts/" + id + "/signers/2/remind", null, "replace-2");
        assertThat(reusedByAnother.status()).as(body(reusedByAnother)).isEqualTo(409);
        assertThat(http.contract(id).get("signers").get(1).get("name").asString())
                .isEqualTo(KARI.name());
        assertThat(http.simulatorSessionsOf(id)).hasSize(3);

        // A repeated cancellation gets the first one's answer, the contract as it now is, not "the contract has ended".
        String cancel = "/api/v1/contracts/" + id + "/cancel";
        SignchainHttp.Response cancelled =
                http.sendWithKey(HttpMethod.POST, cancel, "{\"reason\":\"withdrawn\"}", "cancel-1");
        SignchainHttp.Response cancelledAgain =
                http.sendWithKey(HttpMethod.POST, cancel, "{\"reason\":\"withdrawn\"}", "cancel-1");
        assertThat(cancelled.status()).as(body(cancelled)).isEqualTo(200);
        assertThat(cancelledAgain.status()).as(body(cancelledAgain)).isEqualTo(200);
        assertThat(cancelledAgain.json().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(kinds(id).stream().filter("contract.cancelled"::equals)).hasSize(1);
        assertThat(jdbc.sql("select count(*) from signer_replacement where contract_id = ?::uuid")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .as("one stored replacement for the two requests")
                .isEqualTo(1);
    }

    @Test
    void aNewDeadlineMovesTheOpenSessionsDueDate() {
        String id = submit("Extended");
        http.awaitSignatureUrl(id, 1);
        Instant deadline = Instant.now().plus(20, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        SignchainHttp.Response past = http.send(
                HttpMethod.PATCH, "/api/v1/contracts/" + id + "/signers/1", "{\"deadline\":\"2020-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().get("invalidParams").get(0).get("name").asString())
                .isEqualTo("deadline");
        SignchainHttp.Response noSuchSigner = http.send(
                HttpMethod.PATCH, "/api/v1/contracts/" + id + "/signers/9", "{\"deadline\":\"" + deadline + "\"}");
        assertThat(noSuchSigner.status()).isEqualTo(404);

        SignchainHttp.Response moved = http.send(
                HttpMethod.PATCH, "/api/v1/contracts/" + id + "/signers/1", "{\"deadline\":\"" + deadline + "\"}");

        assertThat(moved.status()).as(body(moved)).isEqualTo(200);
        assertThat(Instant.parse(moved.json().get("signers").get(0).get("dueAt").asString()))
                .isEqualTo(deadline);
        assertThat(Instant.parse(
                        http.simulatorSessionsOf(id).getFirst().get("dueDate").asString()))
                .as("the provider's due date")
                .isEqualTo(deadline);
        assertThat(kinds(id)).contains("signer.deadline_changed");
    }

    @Test
    void aReminderOnRequestEmailsTheSignerWhoseTurnItIs() throws Exception {
        String id = submitWithEmails("Reminded");
        String url = http.awaitSignatureUrl(id, 1);
        int before = SMTP.getReceivedMessages().length;

        SignchainHttp.Response notTheirTurn =
                http.send(HttpMethod.POST, "/api/v1/contracts/" + id + "/signers/3/remind", null);
        assertThat(notTheirTurn.status()).isEqualTo(409);

        SignchainHttp.Response reminded =
                http.send(HttpMethod.POST, "/api/v1/contracts/" + id + "/signers/1/remind", null);

        assertThat(reminded.status()).as(body(reminded)).isEqualTo(200);
        assertThat(SMTP.waitForIncomingEmail(10_000, before + 1)).isTrue();
        MimeMessage mail = SMTP.getReceivedMessages()[before];
        assertThat(mail.getAllRecipients()[0]).hasToString(Contracts.email(AKSEL));
        assertThat(mail.getFrom()[0]).hasToString("contracts@signchain.test");
        assertThat(mail.getSubject()).contains("Reminded");
        assertThat(GreenMailUtil.getBody(mail)).contains(url).doesNotContain(AKSEL.nationalId());
        assertThat(SMTP.getReceivedMessages())
                .as("one e-mail, not one per retry")
                .hasSize(before + 1);
        JsonNode entry = http.get("/api/v1/contracts/" + id + "/events")
                .json()
                .valueStream()
                .filter(e -> e.get("kind").asString().equals("signer.reminded"))
                .findFirst()
                .orElseThrow();
        assertThat(entry.get("actor").asString()).isEqualTo("signchain-local");
        assertThat(entry.get("detail").asString()).isEqualTo("by callback and e-mail");
        JsonNode due = callback(id, "signer.reminder_due");
        assertThat(due.get("data").get("signerIndex").asInt()).isEqualTo(1);
        assertThat(due.get("data").get("signatureUrl").asString()).isEqualTo(url);
    }

    @Test
    void badControlRequestsAreProblemsAndChangeNothing() {
        String id = submit("Bad controls");
        http.awaitSignatureUrl(id, 1);

        SignchainHttp.Response noReason = http.send(HttpMethod.POST, "/api/v1/contracts/" + id + "/cancel", "{}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("invalidParams").get(0).get("name").asString())
                .isEqualTo("reason");
        SignchainHttp.Response numberAsId = http.send(
                HttpMethod.PUT,
                "/api/v1/contracts/" + id + "/signers/1",
                "{\"name\":\"Kari\",\"nationalId\":15059012387}");
        assertThat(numberAsId.status()).isEqualTo(400);
        assertThat(body(numberAsId)).doesNotContain("15059012387");
        SignchainHttp.Response unknown = http.send(
                HttpMethod.POST, "/api/v1/contracts/00000000-0000-4000-8000-000000000000/cancel", "{\"reason\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);

        JsonNode contract = http.contract(id);
        assertThat(contract.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(contract.get("signers").get(0).get("name").asString()).isEqualTo(AKSEL.name());
        assertThat(http.simulatorSessionsOf(id)).hasSize(1);
        assertThat(kinds(id)).doesNotContain("contract.cancel_requested", "signer.replaced");
    }

    @Test
    void erasingAnEndedContractKeepsItsHashesAndTrailAndForgetsWhoSigned() {
        String id = submitWithEmails("Erased lease");
        http.decide(http.awaitSignatureUrl(id, 1), "sign");
        http.awaitSignatureUrl(id, 2);
        String path = "/api/v1/contracts/" + id;

        SignchainHttp.Response refused = http.send(HttpMethod.DELETE, path, null);
        assertThat(refused.status()).as(body(refused)).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString()).contains("cancel it first");
        assertThat(http.get(path + "/document").status()).as("nothing erased").isEqualTo(200);

        List<String> hashes = sha256s(id);
        assertThat(http.send(HttpMethod.POST, path + "/cancel", "{\"reason\":\"" + OLE.name() + " moved abroad\"}")
                        .status())
                .isEqualTo(200);
        SignchainHttp.Response erased = http.send(HttpMethod.DELETE, path, null);

        assertThat(erased.status()).as(body(erased)).isEqualTo(200);
        JsonNode contract = erased.json();
        assertThat(contract.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(contract.get("erasedAt").isNull()).isFalse();
        assertThat(contract.has("documentUrl")).isFalse();
        assertThat(contract.get("reason").asString()).isEqualTo("cancelled by signchain-local: signer 2 moved abroad");
        assertThat(contract.get("signers").valueStream().map(s -> s.get("name").asString()))
                .containsExactly("signer 1", "signer 2", "signer 3");
        assertThat(sha256s(id)).isEqualTo(hashes).hasSize(2);
        SignchainHttp.Response download = http.get(path + "/document?version=0");
        assertThat(download.status()).isEqualTo(410);
        assertThat(download.contentType()).startsWith("application/problem+json");
        // Callback outcomes (callback.delivered) may be noted after it: the sender keeps delivering.
        List<String> trail = kinds(id);
        assertThat(trail).contains("signer.signed", "contract.cancelled", "contract.erased");
        assertThat(trail.indexOf("contract.erased")).isGreaterThan(trail.indexOf("contract.cancelled"));
        assertThat(callback(id, "contract.erased").get("data").get("contractId").asString())
                .isEqualTo(id);
        for (String everything : List.of(
                body(http.get(path)),
                body(http.get(path + "/events")),
                body(http.get(path + "/versions")),
                body(http.get(path + "/versions/1/validation")),
                body(http.get(path + "/deliveries")))) {
            for (Contracts.TestSigner signer : THREE) {
                assertThat(everything).doesNotContain(signer.name(), signer.nationalId(), Contracts.email(signer));
            }
        }
        assertThat(http.send(HttpMethod.DELETE, path, null).status())
                .as("again")
                .isEqualTo(200);
        assertThat(http.send(HttpMethod.DELETE, "/api/v1/contracts/" + UUID.randomUUID(), null)
                        .status())
                .isEqualTo(404);
    }

    private List<String> sha256s(String id) {
        return http.get("/api/v1/contracts/" + id + "/versions")
                .json()
                .valueStream()
                .map(v -> v.get("sha256").asString())
                .toList();
    }

    private String submit(String title) {
        return submitted(Contracts.json(title, THREE), title);
    }

    private String submitWithEmails(String title) {
        return submitted(Contracts.jsonWithEmails(title, THREE), title);
    }

    /** Submits with callbacks to a path of its own on the receiver. */
    private String submitted(String json, String title) {
        String path = "/" + UUID.randomUUID();
        String withCallbacks =
                json.substring(0, json.length() - 1) + ",\"callbackUrl\":\"" + CALLBACKS.url(path) + "\"}";
        SignchainHttp.Response response = http.submit(withCallbacks, TestPdfs.contract(title));
        assertThat(response.status()).as("submit: %s", body(response)).isEqualTo(201);
        String id = response.json().get("id").asString();
        callbackPaths.put(id, path);
        return id;
    }

    /** The first callback of this type the contract's receiver accepted. */
    private JsonNode callback(String id, String type) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            var found = CALLBACKS.accepted(callbackPaths.get(id)).stream()
                    .filter(r -> type.equals(r.type()))
                    .findFirst();
            if (found.isPresent()) {
                return found.get().json();
            }
            SignchainHttp.pause(100);
        }
        throw new AssertionError("no " + type + " callback for contract " + id + "; got "
                + CALLBACKS.requests(callbackPaths.get(id)).stream()
                        .map(CallbackReceiver.Request::type)
                        .toList());
    }

    private List<String> kinds(String id) {
        return http.get("/api/v1/contracts/" + id + "/events")
                .json()
                .valueStream()
                .map(e -> e.get("kind").asString())
                .toList();
    }

    private static List<String> statuses(JsonNode contract) {
        return contract.get("signers")
                .valueStream()
                .map(s -> s.get("status").asString())
                .toList();
    }

    private static String signerJson(String name, String nationalId) {
        return "{\"name\":\"" + name + "\",\"nationalId\":\"" + nationalId + "\"}";
    }

    private static String body(SignchainHttp.Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
