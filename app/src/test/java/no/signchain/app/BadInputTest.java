package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.stream.Stream;
import no.signchain.activities.pdf.TestPdfs;
import no.signchain.api.document.UnsignablePdfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Bad submissions get a 400 {@code application/problem+json} that names the field at fault, and change nothing:
 * no contract is stored, so no workflow can start (workflows start only from stored contracts).
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "signchain.temporal.task-queue=bad-input-test")
class BadInputTest {

    private static final byte[] PDF = TestPdfs.contract("Contract");
    private static final String AKSEL = "{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\"}";

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    JdbcClient jdbc;

    SignchainHttp http;

    @org.junit.jupiter.api.extension.RegisterExtension
    final LogCapture log = new LogCapture();

    @BeforeEach
    void connect() {
        http = new SignchainHttp(port, simulator.root().toString());
    }

    static Stream<Arguments> badSubmissions() {
        String inTwoMonths = OffsetDateTime.now().plusDays(60).toString();
        return Stream.of(
                Arguments.of(
                        "not a PDF",
                        contract(AKSEL),
                        "hello, I am a text file".getBytes(StandardCharsets.UTF_8),
                        "document"),
                Arguments.of("an empty document", contract(AKSEL), new byte[0], "document"),
                Arguments.of("no document part", contract(AKSEL), null, "document"),
                Arguments.of(
                        "an encrypted PDF", contract(AKSEL), UnsignablePdfs.encryptedWithoutPassword(), "document"),
                Arguments.of(
                        "a password-protected PDF",
                        contract(AKSEL),
                        UnsignablePdfs.encryptedWithPassword(),
                        "document"),
                Arguments.of("a truncated PDF", contract(AKSEL), UnsignablePdfs.truncated(), "document"),
                Arguments.of("only %PDF-", contract(AKSEL), UnsignablePdfs.headerOnly(), "document"),
                Arguments.of("an unparseable PDF", contract(AKSEL), UnsignablePdfs.garbage(), "document"),
                Arguments.of("a PDF with JavaScript", contract(AKSEL), UnsignablePdfs.javaScriptOnOpen(), "document"),
                Arguments.of("a PDF with a launch action", contract(AKSEL), UnsignablePdfs.launchAction(), "document"),
                Arguments.of(
                        "the same person twice",
                        contract(AKSEL + ",{\"name\":\"Ole Bramserud\",\"nationalId\":\"11920287974\"},"
                                + "{\"name\":\"Aksel H.\",\"nationalId\":\"06046517928\"}"),
                        PDF,
                        "signers[2].nationalId"),
                Arguments.of("no contract part", null, PDF, "contract"),
                Arguments.of("contract is not JSON", "{title: nope", PDF, "contract"),
                Arguments.of("no signers", "{\"title\":\"Contract\",\"signers\":[]}", PDF, "signers"),
                Arguments.of("signers missing", "{\"title\":\"Contract\"}", PDF, "signers"),
                Arguments.of("no title", "{\"signers\":[" + AKSEL + "]}", PDF, "title"),
                Arguments.of(
                        "malformed nationalId",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"0604651792\"}"),
                        PDF,
                        "signers[0].nationalId"),
                Arguments.of(
                        "nationalId with a wrong check digit",
                        contract(AKSEL + ",{\"name\":\"Ole Bramserud\",\"nationalId\":\"11920287975\"}"),
                        PDF,
                        "signers[1].nationalId"),
                Arguments.of(
                        "nationalId of all zeros (its check digits work out)",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"00000000000\"}"),
                        PDF,
                        "signers[0].nationalId"),
                Arguments.of(
                        "nationalId without a real date of birth (month 13)",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"01136000108\"}"),
                        PDF,
                        "signers[0].nationalId"),
                Arguments.of(
                        "signer without a name", contract("{\"nationalId\":\"06046517928\"}"), PDF, "signers[0].name"),
                Arguments.of(
                        "deadline too far ahead",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\"," + "\"deadline\":\""
                                + inTwoMonths + "\"}"),
                        PDF,
                        "signers[0].deadline"),
                Arguments.of(
                        "title with NUL", "{\"title\":\"Con\\u0000tract\",\"signers\":[" + AKSEL + "]}", PDF, "title"),
                Arguments.of(
                        "externalRef with NUL",
                        "{\"title\":\"Contract\",\"externalRef\":\"ref\\u0000\",\"signers\":[" + AKSEL + "]}",
                        PDF,
                        "externalRef"),
                Arguments.of(
                        "name with NUL",
                        contract("{\"name\":\"Aksel\\u0000Herseth\",\"nationalId\":\"06046517928\"}"),
                        PDF,
                        "signers[0].name"),
                Arguments.of(
                        "email with NUL",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\","
                                + "\"email\":\"aksel\\u0000@example.no\"}"),
                        PDF,
                        "signers[0].email"),
                Arguments.of(
                        "nationalId as a JSON number",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":15038500047}"),
                        PDF,
                        "signers[0].nationalId"),
                Arguments.of(
                        "name as a JSON number",
                        contract("{\"name\":123,\"nationalId\":\"06046517928\"}"),
                        PDF,
                        "signers[0].name"),
                Arguments.of("title as a boolean", "{\"title\":true,\"signers\":[" + AKSEL + "]}", PDF, "title"),
                Arguments.of(
                        "name over 200 characters",
                        contract("{\"name\":\"" + "A".repeat(201) + "\",\"nationalId\":\"06046517928\"}"),
                        PDF,
                        "signers[0].name"),
                Arguments.of(
                        "email over 254 characters",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\"," + "\"email\":\""
                                + "a".repeat(64) + "@" + "b".repeat(187) + ".no\"}"),
                        PDF,
                        "signers[0].email"),
                Arguments.of(
                        "deadline not a date",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\","
                                + "\"deadline\":\"tomorrow\"}"),
                        PDF,
                        "signers[0].deadline"),
                // Text a signer reads must read as it is: no bidirectional overrides, no invisible characters, no
                // unpaired surrogates (PostgreSQL would store "?" in their place).
                titled("title with a right-to-left override (U+202E)", "Loan \\u202E0005"),
                titled("title with a left-to-right embedding (U+202A)", "Loan \\u202A5000"),
                titled("title with a pop directional formatting (U+202C)", "Loan \\u202C5000"),
                titled("title with a right-to-left isolate (U+2067)", "Loan \\u20675000"),
                titled("title with a pop directional isolate (U+2069)", "Loan 5000\\u2069"),
                titled("title with a zero-width space (U+200B)", "Lo\\u200Ban"),
                titled("title with a word joiner (U+2060)", "Lo\\u2060an"),
                titled("title with a byte order mark (U+FEFF) inside", "Lo\\uFEFFan"),
                titled("title with a lone high surrogate", "Loan \\uD800"),
                titled("title with a lone low surrogate", "Loan \\uDC00 5000"),
                titled("title with surrogates in the wrong order", "Loan \\uDC00\\uD800"),
                titled("title with a line break", "Loan\\n5000"),
                titled("title with a DEL control character", "Loan\\u007F"),
                titled("title with a C1 control character (U+0085)", "Loan\\u0085"),
                titled("title over 255 characters", "T".repeat(256)),
                refd("externalRef with a zero-width joiner (U+200D)", "ref\\u200D1"),
                refd("externalRef with a right-to-left embedding (U+202B)", "ref\\u202B1"),
                refd("externalRef with a lone surrogate", "ref\\uDBFF"),
                refd("externalRef over 255 characters", "r".repeat(256)),
                named("name with a right-to-left override", "Aksel \\u202EHerseth"),
                named("name with a left-to-right isolate (U+2066)", "Aksel \\u2066Herseth"),
                named("name with a zero-width non-joiner (U+200C)", "Ak\\u200Csel Herseth"),
                named("name with a lone surrogate", "Aksel \\uD83D Herseth"),
                named("name with a tab", "Aksel\\tHerseth"),
                Arguments.of(
                        "email with a zero-width space",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\","
                                + "\"email\":\"aksel\\u200B@example.no\"}"),
                        PDF,
                        "signers[0].email"),
                Arguments.of(
                        "email without an @",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\","
                                + "\"email\":\"aksel.example.no\"}"),
                        PDF,
                        "signers[0].email"),
                Arguments.of(
                        "mobile with letters",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\","
                                + "\"mobile\":\"call me maybe\"}"),
                        PDF,
                        "signers[0].mobile"),
                Arguments.of(
                        "deadline in the past",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\","
                                + "\"deadline\":\"2020-01-01T00:00:00Z\"}"),
                        PDF,
                        "signers[0].deadline"),
                Arguments.of("a signer that is null", contract("null"), PDF, "signers[0]"),
                Arguments.of("a signer that is a string", contract("\"Aksel\""), PDF, "signers[0]"),
                Arguments.of("signers as an object", "{\"title\":\"Contract\",\"signers\":{}}", PDF, "signers"),
                Arguments.of(
                        "more signers than signchain takes (20)",
                        "{\"title\":\"Contract\",\"signers\":["
                                + String.join(",", java.util.Collections.nCopies(21, AKSEL)) + "]}",
                        PDF,
                        "signers"),
                Arguments.of("contract is a JSON array", "[]", PDF, "contract"),
                Arguments.of("contract is JSON null", "null", PDF, "contract"),
                Arguments.of("contract is an empty string", "", PDF, "contract"),
                Arguments.of(
                        "callbackUrl with a right-to-left override",
                        "{\"title\":\"Contract\",\"callbackUrl\":\"https://example.no/\\u202Ecb\",\"signers\":[" + AKSEL
                                + "]}",
                        PDF,
                        "callbackUrl"),
                Arguments.of(
                        "callbackUrl over 2000 characters",
                        "{\"title\":\"Contract\",\"callbackUrl\":\"https://example.no/" + "c".repeat(2000)
                                + "\",\"signers\":[" + AKSEL + "]}",
                        PDF,
                        "callbackUrl"),
                Arguments.of(
                        "reminders.max over 10",
                        "{\"title\":\"Contract\",\"reminders\":{\"max\":11},\"signers\":[" + AKSEL + "]}",
                        PDF,
                        "reminders.max"),
                Arguments.of(
                        "reminders.every under an hour",
                        "{\"title\":\"Contract\",\"reminders\":{\"every\":\"PT1M\"},\"signers\":[" + AKSEL + "]}",
                        PDF,
                        "reminders.every"),
                Arguments.of(
                        "reminders.firstAfter not a duration",
                        "{\"title\":\"Contract\",\"reminders\":{\"firstAfter\":\"soon\"},\"signers\":[" + AKSEL + "]}",
                        PDF,
                        "reminders.firstAfter"));
    }

    private static Arguments titled(String description, String titleJson) {
        return Arguments.of(description, "{\"title\":\"" + titleJson + "\",\"signers\":[" + AKSEL + "]}", PDF, "title");
    }

    private static Arguments refd(String description, String refJson) {
        return Arguments.of(
                description,
                "{\"title\":\"Contract\",\"externalRef\":\"" + refJson + "\",\"signers\":[" + AKSEL + "]}",
                PDF,
                "externalRef");
    }

    private static Arguments named(String description, String nameJson) {
        return Arguments.of(
                description,
                contract("{\"name\":\"" + nameJson + "\",\"nationalId\":\"06046517928\"}"),
                PDF,
                "signers[0].name");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubmissions")
    void isRefusedNamingTheFieldAndStoresNothing(String description, String contract, byte[] document, String field) {
        long before = contracts();

        SignchainHttp.Response response = http.submit(contract, document);

        Refusals.assertNames(Refusals.assertRefused(response, 400, log, description), field, description);
        assertThat(contracts()).as("contracts stored").isEqualTo(before);
    }

    /**
     * The contract part's bytes must be UTF-8: decoded leniently, a bad sequence would be stored as U+FFFD and the
     * title or name kept would differ from the one sent.
     */
    static Stream<Arguments> contractPartsNotUtf8() {
        return Stream.of(
                Arguments.of("a Latin-1 é in the title", latin1Title()),
                Arguments.of("an encoded surrogate (CESU-8) in a name", withBytes("Aksel ", 0xED, 0xA0, 0x80)),
                Arguments.of("an overlong encoding of /", withBytes("Aksel ", 0xC0, 0xAF)),
                Arguments.of("a truncated three-byte sequence", withBytes("Aksel ", 0xE2, 0x82)),
                Arguments.of("a lone continuation byte", withBytes("Aksel ", 0x80)),
                Arguments.of("a byte that is never UTF-8 (0xFF)", withBytes("Aksel ", 0xFF)),
                Arguments.of("a code point beyond U+10FFFF", withBytes("Aksel ", 0xF4, 0x90, 0x80, 0x80)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contractPartsNotUtf8")
    void aContractPartThatIsNotUtf8IsRefusedNamingThePart(String description, byte[] contract) {
        long before = contracts();

        SignchainHttp.Response response = http.submit(contract, PDF, null);

        JsonNode problem = Refusals.assertRefused(response, 400, log, description);
        Refusals.assertNames(problem, "contract", description);
        assertThat(problem.toString()).contains("UTF-8");
        assertThat(contracts()).as("contracts stored").isEqualTo(before);
    }

    static Stream<Arguments> badIdempotencyKeys() {
        return Stream.of(
                Arguments.of("an idempotency key over 255 characters", "k".repeat(256)),
                Arguments.of("an idempotency key of spaces", "   "),
                Arguments.of("an idempotency key of 1000 characters", "06046517928".repeat(90)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badIdempotencyKeys")
    void aBadIdempotencyKeyIsRefusedNamingTheHeader(String description, String key) {
        long before = contracts();

        SignchainHttp.Response response = http.submit(contract(AKSEL), PDF, key);

        Refusals.assertNames(Refusals.assertRefused(response, 400, log, description), "Idempotency-Key", description);
        assertThat(contracts()).as("contracts stored").isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void moreMultipartPartsThanAContractHasAreRefusedBeforeTheyAreRead() {
        long before = contracts();
        java.util.Map<String, String> extra = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            extra.put("extra" + i, "06046517928");
        }

        SignchainHttp.Response response =
                http.submit(contract(AKSEL).getBytes(StandardCharsets.UTF_8), PDF, null, extra);

        assertThat(Refusals.assertRefused(response, 413, log, "20 extra parts")
                        .get("detail")
                        .asString())
                .contains("parts");
        assertThat(contracts()).as("contracts stored").isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void theProblemNeverEchoesANationalIdentityNumber() {
        SignchainHttp.Response response =
                http.submit(contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517920\"}"), PDF);

        assertThat(response.status()).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("06046517920");
    }

    static Stream<Arguments> submissionsCarryingAnIdentityNumberWhereItDoesNotBelong() {
        return Stream.of(
                Arguments.of(
                        "as a deadline",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":\"06046517928\","
                                + "\"deadline\":\"010101 12345\"}"),
                        "signers[0].deadline"),
                Arguments.of(
                        "as a bare JSON token",
                        contract("{\"name\":\"Aksel Herseth\",\"nationalId\":x01010112345}"),
                        "signers[0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("submissionsCarryingAnIdentityNumberWhereItDoesNotBelong")
    void theProblemForUnreadableJsonNeverEchoesTheValue(String description, String contract, String field) {
        SignchainHttp.Response response = http.submit(contract, PDF);
        assertThat(response.status()).as(description).isEqualTo(400);
        assertThat(response.json()
                        .get("invalidParams")
                        .valueStream()
                        .map(p -> p.get("name").asString()))
                .containsExactly(field);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .doesNotContain("12345")
                .doesNotContain("java.");
    }

    @org.junit.jupiter.api.Test
    void anIdentityNumberInTheContractPathIsNotEchoed() {
        SignchainHttp.Response response = http.get("/api/v1/contracts/01010112345");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).isEqualTo("not a contract id");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("01010112345");
    }

    private long contracts() {
        return jdbc.sql("select count(*) from contract").query(Long.class).single();
    }

    private static byte[] latin1Title() {
        return ("{\"title\":\"Caf\u00e9 contract\",\"signers\":[" + AKSEL + "]}").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A one-signer contract whose signer's name is {@code prefix} followed by the raw bytes given. */
    private static byte[] withBytes(String prefix, int... bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("{\"title\":\"Contract\",\"signers\":[{\"name\":\"" + prefix).getBytes(StandardCharsets.UTF_8));
        for (int b : bytes) {
            out.write(b);
        }
        out.writeBytes("\",\"nationalId\":\"06046517928\"}]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String contract(String signers) {
        return "{\"title\":\"Contract\",\"signers\":[" + signers + "]}";
    }
}
