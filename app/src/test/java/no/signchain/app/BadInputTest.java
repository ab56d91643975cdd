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
                        "signers[0].deadline"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubmissions")
    void isRefusedNamingTheFieldAndStoresNothing(String description, String contract, byte[] document, String field) {
        long before = contracts();

        SignchainHttp.Response response = http.submit(contract, document);

        assertThat(response.status()).as(description).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("invalidParams")
                        .valueStream()
                        .map(p -> p.get("name").asString()))
                .contains(field);
        assertThat(problem.get("detail").asString()).contains(field);
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

    private static String contract(String signers) {
        return "{\"title\":\"Contract\",\"signers\":[" + signers + "]}";
    }
}
