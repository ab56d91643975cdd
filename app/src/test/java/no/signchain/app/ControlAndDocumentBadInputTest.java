package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import no.signchain.activities.pdf.TestPdfs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Bad requests to a running contract's controls (cancel, replace a signer, move a deadline, remind) and to its
 * documents: each is a problem that names the field at fault, and the contract is as it was: same status and
 * signers, no audit entry, no replacement proposed, no session opened or withdrawn at the provider.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "signchain.temporal.task-queue=bad-input-test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlAndDocumentBadInputTest {

    private static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";
    private static final String KARI = "{\"name\":\"Kari Nordmann\",\"nationalId\":\"15059012387\"}";
    private static final String JSON = "application/json";

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    JdbcClient jdbc;

    @RegisterExtension
    final LogCapture log = new LogCapture();

    SignchainHttp http;

    /** One contract, waiting for its first signer, that every case tries to change. */
    String id;

    @BeforeAll
    void aContractWaitingForItsFirstSigner() {
        http = new SignchainHttp(port, simulator.root().toString());
        SignchainHttp.Response submitted =
                http.submit(Contracts.json("Bad controls", Contracts.THREE), TestPdfs.contract("Bad controls"));
        assertThat(submitted.status()).isEqualTo(201);
        id = submitted.json().get("id").asString();
        http.awaitSignatureUrl(id, 1);
    }

    static Stream<Arguments> badControls() {
        String inTwoMonths = OffsetDateTime.now().plusDays(60).toString();
        return Stream.of(
                // POST /{id}/cancel
                control("cancel without a body", "POST", "/cancel", null, 400, "body"),
                control("cancel without a reason", "POST", "/cancel", "{}", 400, "reason"),
                control("cancel with a blank reason", "POST", "/cancel", "{\"reason\":\"  \"}", 400, "reason"),
                control("cancel with a reason over 500", "POST", "/cancel", reason("x".repeat(501)), 400, "reason"),
                control(
                        "cancel with an override in the reason",
                        "POST",
                        "/cancel",
                        reason("Wr\\u202Eong"),
                        400,
                        "reason"),
                control("cancel with a zero-width space", "POST", "/cancel", reason("Wr\\u200Bong"), 400, "reason"),
                control("cancel with a lone surrogate", "POST", "/cancel", reason("Wrong\\uDBFF"), 400, "reason"),
                control("cancel with a line break", "POST", "/cancel", reason("Wr\\nong"), 400, "reason"),
                control(
                        "cancel naming an identity number",
                        "POST",
                        "/cancel",
                        reason("for 06046517928"),
                        400,
                        "reason"),
                control("cancel with a numeric reason", "POST", "/cancel", "{\"reason\":6046517928}", 400, "reason"),
                control("cancel with an array", "POST", "/cancel", "[]", 400, "body"),
                control("cancel with JSON that does not parse", "POST", "/cancel", "{reason: x", 400, "body"),
                bytes(
                        "cancel with a body that is not UTF-8",
                        "POST",
                        "/cancel",
                        latin1(reason("Caf\u00e9")),
                        400,
                        "body"),
                bytes("cancel with a CESU-8 surrogate", "POST", "/cancel", cesu8Reason(), 400, "body"),
                Arguments.of("cancel as text/plain", "POST", "/cancel", utf8(reason("x")), "text/plain", 415, null),
                // PUT /{id}/signers/{index}
                control("replace without a body", "PUT", "/signers/1", null, 400, "signer"),
                control(
                        "replace with an override in the name",
                        "PUT",
                        "/signers/1",
                        kari("Kari \\u202ENordmann"),
                        400,
                        "signer.name"),
                control(
                        "replace with a zero-width joiner in the name",
                        "PUT",
                        "/signers/1",
                        kari("Kari\\u200DNordmann"),
                        400,
                        "signer.name"),
                control(
                        "replace with a lone surrogate in the name",
                        "PUT",
                        "/signers/1",
                        kari("Kari \\uD800"),
                        400,
                        "signer.name"),
                control(
                        "replace with a wrong check digit",
                        "PUT",
                        "/signers/1",
                        "{\"name\":\"Kari Nordmann\",\"nationalId\":\"15059012388\"}",
                        400,
                        "signer.nationalId"),
                control(
                        "replace with the identity number as a JSON number",
                        "PUT",
                        "/signers/1",
                        "{\"name\":\"Kari Nordmann\",\"nationalId\":15059012387}",
                        400,
                        "signer.nationalId"),
                control(
                        "replace with a person who already signs",
                        "PUT",
                        "/signers/1",
                        "{\"name\":\"Ole Bramserud\",\"nationalId\":\"11920287974\"}",
                        400,
                        "signer.nationalId"),
                control(
                        "replace with a deadline",
                        "PUT",
                        "/signers/1",
                        "{\"name\":\"Kari Nordmann\",\"nationalId\":\"15059012387\",\"deadline\":\"2030-01-01T00:00:00Z\"}",
                        400,
                        "signer.deadline"),
                control(
                        "replace with an e-mail that is not one",
                        "PUT",
                        "/signers/1",
                        "{\"name\":\"Kari Nordmann\",\"nationalId\":\"15059012387\",\"email\":\"kari\"}",
                        400,
                        "signer.email"),
                bytes(
                        "replace with a body that is not UTF-8",
                        "PUT",
                        "/signers/1",
                        latin1("{\"name\":\"K\u00e5ri\",\"nationalId\":\"15059012387\"}"),
                        400,
                        "signer"),
                control("replace signer 99", "PUT", "/signers/99", KARI, 404, null),
                control("replace signer 0", "PUT", "/signers/0", KARI, 404, null),
                control("replace signer 'first'", "PUT", "/signers/first", KARI, 400, "index"),
                control(
                        "replace a signer numbered by an identity number",
                        "PUT",
                        "/signers/06046517928",
                        KARI,
                        400,
                        "index"),
                // PATCH /{id}/signers/{index}
                control("a new deadline without a body", "PATCH", "/signers/1", null, 400, "body"),
                control("a new deadline missing", "PATCH", "/signers/1", "{}", 400, "deadline"),
                control(
                        "a new deadline in the past",
                        "PATCH",
                        "/signers/1",
                        deadline("2020-01-01T00:00:00Z"),
                        400,
                        "deadline"),
                control("a new deadline 60 days ahead", "PATCH", "/signers/1", deadline(inTwoMonths), 400, "deadline"),
                control(
                        "a new deadline that is not a date",
                        "PATCH",
                        "/signers/1",
                        deadline("next week"),
                        400,
                        "deadline"),
                control(
                        "a new deadline that is an identity number",
                        "PATCH",
                        "/signers/1",
                        deadline("06046517928"),
                        400,
                        "deadline"),
                bytes(
                        "a new deadline not in UTF-8",
                        "PATCH",
                        "/signers/1",
                        latin1(deadline("2030\u00e9")),
                        400,
                        "body"),
                control("a new deadline for signer 4 of 3", "PATCH", "/signers/4", deadline(inTwoMonths), 404, null),
                // POST /{id}/signers/{index}/remind
                control("remind signer 4 of 3", "POST", "/signers/4/remind", null, 404, null),
                control("remind signer -1", "POST", "/signers/-1/remind", null, 404, null),
                control("remind signer 'next'", "POST", "/signers/next/remind", null, 400, "index"),
                // documents
                control("the document's version -1", "GET", "/document?version=-1", null, 400, "version"),
                control("the document's version 'latest'", "GET", "/document?version=latest", null, 400, "version"),
                control(
                        "the document's version as an identity number",
                        "GET",
                        "/document?version=06046517928",
                        null,
                        400,
                        "version"),
                control("the document's version 99", "GET", "/document?version=99", null, 404, null),
                control("the validation of the original", "GET", "/versions/0/validation", null, 400, "version"),
                control("the validation of version 'x'", "GET", "/versions/x/validation", null, 400, "version"),
                control("the validation of version 99", "GET", "/versions/99/validation", null, 404, null),
                control(
                        "redelivering a delivery that is not an id",
                        "POST",
                        "/deliveries/06046517928/redeliver",
                        null,
                        404,
                        null),
                control(
                        "redelivering an unknown delivery",
                        "POST",
                        "/deliveries/" + UNKNOWN + "/redeliver",
                        null,
                        404,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badControls")
    void isRefusedAndChangesNothing(
            String description, String method, String path, byte[] body, String contentType, int status, String field) {
        Snapshot before = snapshot();

        SignchainHttp.Response response =
                http.send(HttpMethod.valueOf(method), "/api/v1/contracts/" + id + path, body, contentType);

        JsonNode problem = Refusals.assertRefused(response, status, log, description);
        if (field != null) {
            Refusals.assertNames(problem, field, description);
        }
        assertThat(snapshot()).as("%s: the contract afterwards", description).isEqualTo(before);
    }

    static Stream<Arguments> badIdempotencyKeys() {
        return Stream.of(
                Arguments.of("POST", "/cancel", reason("x"), "k".repeat(256)),
                Arguments.of("PUT", "/signers/1", KARI, "   "),
                Arguments.of(
                        "PATCH",
                        "/signers/1",
                        deadline(OffsetDateTime.now().plusDays(9).toString()),
                        "k".repeat(256)),
                Arguments.of("POST", "/signers/1/remind", null, "06046517928".repeat(90)));
    }

    @ParameterizedTest(name = "{0} {1} with key of {3}")
    @MethodSource("badIdempotencyKeys")
    void aBadIdempotencyKeyOnAControlIsRefusedNamingTheHeaderAndChangesNothing(
            String method, String path, String json, String key) {
        Snapshot before = snapshot();

        SignchainHttp.Response response =
                http.sendWithKey(HttpMethod.valueOf(method), "/api/v1/contracts/" + id + path, json, key);

        Refusals.assertNames(Refusals.assertRefused(response, 400, log, method + " " + path), "Idempotency-Key", path);
        assertThat(snapshot()).as("the contract afterwards").isEqualTo(before);
        assertThat(count("select count(*) from control_request where contract_id = ?::uuid"))
                .as("no key claimed")
                .isZero();
    }

    /** The same controls on contracts that do not exist, or by ids that are not ids. */
    static Stream<Arguments> unknownContracts() {
        return Stream.of(
                Arguments.of("GET", "/" + UNKNOWN),
                Arguments.of("GET", "/06046517928"),
                Arguments.of("GET", "/" + "9".repeat(3000)),
                Arguments.of("GET", "/" + UNKNOWN + "/document"),
                Arguments.of("GET", "/06046517928/document"),
                Arguments.of("GET", "/06046517928/versions"),
                Arguments.of("GET", "/" + UNKNOWN + "/versions/1/validation"),
                Arguments.of("GET", "/06046517928/events"),
                Arguments.of("GET", "/06046517928/deliveries"),
                Arguments.of("POST", "/" + UNKNOWN + "/cancel"),
                Arguments.of("POST", "/06046517928/cancel"),
                Arguments.of("PUT", "/06046517928/signers/1"),
                Arguments.of("PATCH", "/" + UNKNOWN + "/signers/1"),
                Arguments.of("POST", "/06046517928/signers/1/remind"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownContracts")
    void anUnknownContractIsNotFoundWithoutEchoingItsId(String method, String path) {
        Snapshot before = snapshot();
        String body = method.equals("GET") ? null : method.equals("PATCH") ? deadline("2030-01-01T00:00:00Z") : KARI;

        SignchainHttp.Response response = http.send(
                HttpMethod.valueOf(method), "/api/v1/contracts" + path, body == null ? null : utf8(body), JSON);

        Refusals.assertRefused(response, 404, log, method + " " + path);
        assertThat(snapshot()).as("the running contract afterwards").isEqualTo(before);
    }

    /** What a refused control must leave as it was. */
    record Snapshot(String status, List<String> signers, long auditEntries, long replacements, int sessions) {}

    private Snapshot snapshot() {
        JsonNode contract = http.contract(id);
        return new Snapshot(
                contract.get("status").asString(),
                contract.get("signers")
                        .valueStream()
                        .map(s ->
                                s.get("name").asString() + "/" + s.get("status").asString() + "/"
                                        + s.path("dueAt").asString(""))
                        .toList(),
                count("select count(*) from contract_event where contract_id = ?::uuid"),
                count("select count(*) from signer_replacement where contract_id = ?::uuid"),
                http.simulatorSessionsOf(id).size());
    }

    private long count(String sql) {
        return jdbc.sql(sql).param(id).query(Long.class).single();
    }

    private static Arguments control(
            String description, String method, String path, String json, int status, String field) {
        return Arguments.of(description, method, path, json == null ? null : utf8(json), JSON, status, field);
    }

    private static Arguments bytes(
            String description, String method, String path, byte[] body, int status, String field) {
        return Arguments.of(description, method, path, body, JSON, status, field);
    }

    private static String reason(String reasonJson) {
        return "{\"reason\":\"" + reasonJson + "\"}";
    }

    private static String kari(String nameJson) {
        return "{\"name\":\"" + nameJson + "\",\"nationalId\":\"15059012387\"}";
    }

    private static String deadline(String value) {
        return "{\"deadline\":\"" + value + "\"}";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A reason holding U+D800 encoded as if it were a character (ED A0 80): not UTF-8. */
    private static byte[] cesu8Reason() {
        byte[] start = utf8("{\"reason\":\"x");
        byte[] end = utf8("\"}");
        byte[] body = new byte[start.length + 3 + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        body[start.length] = (byte) 0xED;
        body[start.length + 1] = (byte) 0xA0;
        body[start.length + 2] = (byte) 0x80;
        System.arraycopy(end, 0, body, start.length + 3, end.length);
        return body;
    }

    static {
        // The unknown id must not be one of a stored contract.
        assertThat(UUID.fromString(UNKNOWN).version()).isEqualTo(4);
    }
}
