package no.signchain.store.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.callback.CallbackOrigin;
import no.signchain.store.callback.CallbackOutbox;
import no.signchain.store.callback.DeliveryTarget;
import no.signchain.store.callback.UndispatchedEvent;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NationalId;
import no.signchain.store.contract.NewContract;
import no.signchain.store.contract.NewSigner;
import no.signchain.store.contract.PersonalData;
import no.signchain.store.contract.SignerReplacements;
import no.signchain.store.document.DocumentVersions;
import no.signchain.store.document.VersionVerifications;
import no.signchain.store.erasure.ContractErasure.Outcome;
import no.signchain.store.testing.MigratedDatabase;
import no.signchain.store.testing.MutableClock;
import no.signchain.store.testing.TestPersonalData;
import no.signchain.workflows.contract.ContractPhase;
import no.signchain.workflows.contract.ContractProgress;
import no.signchain.workflows.contract.ContractStatus;
import no.signchain.workflows.contract.DocumentVersionRef;
import no.signchain.workflows.contract.ReminderSchedule;
import no.signchain.workflows.contract.SignerProgress;
import no.signchain.workflows.contract.SignerStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erasure on a real PostgreSQL, checked the way an auditor would: after it, no table holds any of the contract's
 * personal data in any column, while the hashes, the verdicts and the audit trail are still there.
 */
class ContractErasureTest {

    private static final String[] NINS = {"06046517928", "11920287974"};
    private static final String[] NAMES = {"Aksel Herseth", "Ole Bramserud"};
    private static final String REPLACEMENT_NIN = "12829025475";
    private static final String REPLACEMENT_NAME = "Sanna Hansen";

    private static MigratedDatabase database;
    private static DataSource dataSource;
    private static DataSourceTransactionManager transactions;
    private static JdbcClient jdbc;

    private MutableClock clock;
    private long recorded;
    private ContractRepository contracts;
    private PersonalData personalData;
    private DocumentVersions documents;
    private CallbackOutbox outbox;
    private ContractErasure erasure;
    private ContractEvents audit;

    @BeforeAll
    static void database() throws IOException {
        database = MigratedDatabase.start();
        dataSource = database.dataSource();
        transactions = database.transactions();
        jdbc = database.jdbc();
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
    }

    @BeforeEach
    void fresh() {
        // Each test starts with an empty database, so that a scan for personal data sees only its own contract.
        jdbc.sql("delete from contract").update();
        jdbc.sql("delete from webhook_inbox").update();
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        audit = new ContractEvents(dataSource, clock);
        CallbackEvents callbacks = new CallbackEvents(dataSource, clock);
        personalData = TestPersonalData.withRandomKeys();
        contracts = new ContractRepository(dataSource, transactions, clock, callbacks, audit, personalData);
        documents = new DocumentVersions(dataSource, transactions, clock, audit, TestPersonalData.randomAead());
        outbox = new CallbackOutbox(dataSource, transactions, clock, audit);
        erasure = new ContractErasure(dataSource, transactions, clock, callbacks, audit);
    }

    @Test
    void anEndedContractKeepsItsHashesAndTrailButNoPersonalDataAnywhere() throws IOException {
        String id = cancelledContractWithEverything();
        List<String> hashesBefore = hashes(id);
        // The scan below finds what it looks for: before erasure, everywhere it was put.
        // Identity numbers, e-mail addresses and phone numbers are stored encrypted, never in clear; their ciphertexts
        // are what erasure must remove.
        assertThat(tablesMentioning(NINS[0])).isEmpty();
        assertThat(tablesMentioning(REPLACEMENT_NIN)).isEmpty();
        assertThat(tablesMentioning("enc1:")).containsExactlyInAnyOrder("contract_signer", "signer_replacement");
        // Document bytes are encrypted too: the name the PDF carries is not found in document_chunk.
        assertThat(tablesMentioning(NAMES[0]))
                .contains("contract_signer", "callback_event", "webhook_inbox")
                .doesNotContain("document_chunk");
        assertThat(tablesMentioning(NAMES[0].toUpperCase())).containsExactly("version_verification");
        assertThat(tablesMentioning("secret-link")).contains("signing_session", "callback_event");

        assertThat(erasure.erase(id, "api")).isEqualTo(Outcome.ERASED);

        for (String secret : personalData()) {
            assertThat(tablesMentioning(secret)).as("tables holding %s", secret).isEmpty();
        }
        assertThat(tablesMentioning("enc1:"))
                .as("tables holding encrypted personal data")
                .isEmpty();
        assertThat(jdbc.sql("select count(*) from document_chunk where contract_id = ?")
                        .param(UUID.fromString(id))
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(hashes(id)).isEqualTo(hashesBefore).hasSize(2);
        assertThat(documents.copyTo(new DocumentVersionRef(id, 0), java.io.OutputStream.nullOutputStream()))
                .as("a version row without bytes copies nothing")
                .isTrue();

        var contract = contracts.find(id).orElseThrow();
        assertThat(contract.status()).isEqualTo(ContractStatus.CANCELLED);
        assertThat(contract.erasedAt()).isEqualTo(clock.instant());
        assertThat(contract.reason()).isEqualTo("cancelled by api: signer 2 moved abroad");
        assertThat(contract.signers())
                .extracting(s -> s.name() + " " + s.status() + " " + s.nationalId() + " " + s.email())
                .containsExactly("signer 1 SIGNED null null", "signer 2 SKIPPED null null");

        List<String> trail =
                audit.of(id).stream().map(e -> e.kind() + " " + e.detail()).toList();
        assertThat(trail)
                .contains("contract.cancel_requested signer 2 moved abroad")
                .last()
                .asString()
                .startsWith("contract.erased document bytes of 2 version(s)");
        assertThat(jdbc.sql("select type from callback_event where contract_id = ? order by seq desc limit 1")
                        .param(UUID.fromString(id))
                        .query(String.class)
                        .single())
                .isEqualTo("contract.erased");
        assertThat(jdbc.sql("select payload from callback_event where contract_id = ? and payload is not null")
                        .param(UUID.fromString(id))
                        .query(String.class)
                        .list())
                .contains(
                        "{\"type\":\"signer.session_opened\",\"data\":{\"contractId\":\"" + id
                                + "\",\"signerIndex\":1,\"signerName\":\"signer 1\"}}",
                        "{\"type\":\"contract.cancelled\",\"data\":{\"contractId\":\"" + id
                                + "\",\"reason\":\"cancelled by api: signer 2 moved abroad\"}}");
        assertThat(jdbc.sql("select report from version_verification where contract_id = ?")
                        .param(UUID.fromString(id))
                        .query(String.class)
                        .single())
                .contains("\"passed\" : false")
                .contains("\"failure\" : \"the new signature was made by signer 1's certificate, not signer 1's\"")
                .contains("\"signatureLevel\" : \"PAdES-BASELINE-LT\"");
    }

    @Test
    void anActiveContractIsRefusedAndKeepsEverything() throws IOException {
        String id = contract();
        storeVersion(id, 0, null);

        assertThat(erasure.erase(id, "api")).isEqualTo(Outcome.ACTIVE);

        assertThat(contracts
                        .find(id)
                        .orElseThrow()
                        .signers()
                        .get(0)
                        .nationalId()
                        .digits())
                .isEqualTo(NINS[0]);
        assertThat(jdbc.sql("select count(*) from document_chunk where contract_id = ?")
                        .param(UUID.fromString(id))
                        .query(Integer.class)
                        .single())
                .isOne();
        assertThat(audit.of(id)).extracting(ContractEvents.Entry::kind).doesNotContain("contract.erased");
    }

    @Test
    void erasingTwiceChangesNothingTheSecondTimeAndAnUnknownContractIsUnknown() throws IOException {
        String id = cancelledContractWithEverything();
        assertThat(erasure.erase(id, "api")).isEqualTo(Outcome.ERASED);
        int entries = audit.of(id).size();

        clock.advance(Duration.ofMinutes(1));
        assertThat(erasure.erase(id, "retention")).isEqualTo(Outcome.ALREADY_ERASED);

        assertThat(audit.of(id)).hasSize(entries);
        assertThat(erasure.erase(UUID.randomUUID().toString(), "api")).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    void retentionFindsEndedContractsStillHoldingPersonalDataOldestEndFirst() throws IOException {
        String active = contract();
        String endedFirst = cancelled(contract());
        clock.advance(Duration.ofDays(1));
        String endedLater = cancelled(contract());
        String erased = cancelled(contract());
        erasure.erase(erased, "api");
        clock.advance(Duration.ofDays(1));
        String endedToday = cancelled(contract());

        assertThat(erasure.retainedEndedBefore(clock.instant().minus(Duration.ofHours(1)), 10))
                .containsExactly(endedFirst, endedLater)
                .doesNotContain(active, erased, endedToday);
        assertThat(erasure.retainedEndedBefore(clock.instant(), 1)).containsExactly(endedFirst);
    }

    @Test
    void aCallbackSenderDispatchingTheContractsEventsMeanwhileIsWaitedForNotDeadlocked() throws Exception {
        String id = cancelledContractWithEverything();
        jdbc.sql("update callback_event set dispatched_at = null, payload = null where contract_id = ?")
                .param(UUID.fromString(id))
                .update();
        java.util.concurrent.CountDownLatch eventsLocked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            // What the sender's dispatch does: lock the events, then insert deliveries (which reference the contract).
            var dispatched = sender.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                long seq = jdbc.sql("select seq from callback_event where contract_id = ? order by seq limit 1"
                                + " for update")
                        .param(UUID.fromString(id))
                        .query(Long.class)
                        .single();
                eventsLocked.countDown();
                pause(500); // meanwhile the erasure locks the contract and waits for these events
                jdbc.sql("""
                                insert into callback_delivery (id, event_seq, contract_id, target_url, origin, status,
                                                               created_at, next_attempt_at, give_up_at)
                                values (?, ?, ?, 'https://business.example/late', 'CONTRACT', 'PENDING', now(), now(),
                                        now() + interval '1 day')""")
                        .params(UUID.randomUUID(), seq, UUID.fromString(id))
                        .update();
                jdbc.sql("update callback_event set dispatched_at = now(), payload = ? where seq = ?")
                        .params("{\"data\":{\"signerIndex\":1,\"signerName\":\"" + NAMES[0] + "\"}}", seq)
                        .update();
            }));
            eventsLocked.await();

            assertThat(erasure.erase(id, "api")).isEqualTo(Outcome.ERASED);

            dispatched.get(); // committed, not chosen as a deadlock's victim
            assertThat(tablesMentioning(NAMES[0]))
                    .as("the body dispatched meanwhile is rewritten")
                    .isEmpty();
        } finally {
            sender.shutdownNow();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- a contract that touched every table -------------------------------------------------------------------

    /** Two signers with contact details, signer 2 replaced, signer 1 signed, a verified version, then cancelled. */
    private String cancelledContractWithEverything() throws IOException {
        String id = contract();
        storeVersion(id, 0, null);
        List<SignerProgress> signers = new ArrayList<>(List.of(SignerProgress.waiting(1), SignerProgress.waiting(2)));
        signers.set(0, signers.get(0).opened("session-1", "https://sign.example/secret-link-1", tick()));
        contracts.recordProgress(
                progress(id, ContractStatus.ACTIVE, ContractPhase.WAITING_FOR_SIGNER, 1, signers, null));
        jdbc.sql("""
                        insert into signing_session (contract_id, signer_index, provider, external_reference,
                                                     provider_session_id, signature_url, requested_at)
                        values (?, 1, 'signicat', ?, 'session-1', 'https://sign.example/secret-link-1', now())""").params(UUID.fromString(id), "ext-" + id).update();
        jdbc.sql("""
                        insert into webhook_inbox (event_id, provider, session_ref, payload, received_at,
                                                   next_attempt_at)
                        values (?, 'signicat', 'session-1', ?, now(), now())""").params("evt-" + id, "{\"signer\":\"" + NAMES[0] + "\"}").update();
        storeVersion(id, 1, 1);
        new VersionVerifications(dataSource, clock, audit)
                .record(
                        new DocumentVersionRef(id, 1),
                        false,
                        "the new signature was made by " + NAMES[0] + "'s certificate, not signer 1's",
                        "PAdES-BASELINE-LT",
                        "{\"signatures\":[{\"signedBy\":\"" + NAMES[0].toUpperCase() + "\"}]}");
        signers.set(0, signers.get(0).finished(SignerStatus.SIGNED, tick()));
        contracts.recordProgress(progress(id, ContractStatus.ACTIVE, ContractPhase.OPENING_SESSION, 2, signers, null));
        SignerReplacements replacements = new SignerReplacements(
                dataSource, transactions, clock, new CallbackEvents(dataSource, clock), audit, personalData);
        String replacement = replacements.propose(
                id,
                2,
                new NewSigner(
                        REPLACEMENT_NAME,
                        NationalId.parse(REPLACEMENT_NIN),
                        "sanna@example.no",
                        "+47 912 34 567",
                        null),
                "api");
        replacements.apply(id, 2, replacement);
        audit.record(id, "contract.cancel_requested", "api", null, REPLACEMENT_NAME + " moved abroad");
        signers.set(1, signers.get(1).finished(SignerStatus.SKIPPED, tick()));
        contracts.recordProgress(progress(
                id,
                ContractStatus.CANCELLED,
                ContractPhase.CANCELLED,
                0,
                signers,
                "cancelled by api: " + REPLACEMENT_NAME + " moved abroad"));
        dispatchEverything();
        return id;
    }

    private String contract() {
        String id = UUID.randomUUID().toString();
        List<NewSigner> signers = List.of(
                new NewSigner(NAMES[0], NationalId.parse(NINS[0]), "aksel@example.no", "+47 400 00 001", null),
                new NewSigner(NAMES[1], NationalId.parse(NINS[1]), "ole@example.no", "+47 400 00 002", null));
        new TransactionTemplate(transactions)
                .executeWithoutResult(s -> contracts.insert(
                        id,
                        new NewContract("client-1", "Lease", "ref-" + id, null, signers, null, ReminderSchedule.NONE),
                        "sha"));
        return id;
    }

    private String cancelled(String id) {
        List<SignerProgress> signers = List.of(
                SignerProgress.waiting(1).finished(SignerStatus.SKIPPED, tick()),
                SignerProgress.waiting(2).finished(SignerStatus.SKIPPED, tick()));
        contracts.recordProgress(
                progress(id, ContractStatus.CANCELLED, ContractPhase.CANCELLED, 0, signers, "cancelled by api: x"));
        return id;
    }

    private void storeVersion(String id, int version, Integer signerIndex) throws IOException {
        Path file = Files.createTempFile("erasure-test", ".pdf");
        Files.writeString(file, "%PDF-1.7 version " + version + " of " + id + " for " + NAMES[0] + "\n%%EOF");
        documents.store(new DocumentVersionRef(id, version), signerIndex, "application/pdf", file);
        Files.delete(file);
    }

    /** Renders every undispatched event as the API's sender would (compact JSON, names and links included). */
    private void dispatchEverything() {
        for (UndispatchedEvent event : outbox.claimUndispatched(100)) {
            StringBuilder data = new StringBuilder("{\"contractId\":\"" + event.contractId() + "\"");
            if (event.signerIndex() != null) {
                data.append(",\"signerIndex\":").append(event.signerIndex());
                data.append(",\"signerName\":\"").append(event.signerName()).append('"');
            }
            if (event.signatureUrl() != null) {
                data.append(",\"signatureUrl\":\"").append(event.signatureUrl()).append('"');
            }
            if (event.reason() != null) {
                data.append(",\"reason\":\"").append(event.reason()).append('"');
            }
            String payload = "{\"type\":\"" + event.type().wireName() + "\",\"data\":" + data + "}}";
            outbox.dispatch(
                    event,
                    payload,
                    List.of(new DeliveryTarget("https://business.example/hooks", CallbackOrigin.CONTRACT)),
                    Duration.ofDays(1));
        }
    }

    private ContractProgress progress(
            String id,
            ContractStatus status,
            ContractPhase phase,
            int current,
            List<SignerProgress> signers,
            String reason) {
        return new ContractProgress(
                id, status, phase, current, signers, DocumentVersionRef.original(id), reason, tick(), ++recorded);
    }

    private Instant tick() {
        clock.advance(Duration.ofSeconds(1));
        return clock.instant();
    }

    private static List<String> personalData() {
        return List.of(
                NINS[0],
                NINS[1],
                REPLACEMENT_NIN,
                NAMES[0],
                NAMES[1],
                REPLACEMENT_NAME,
                "aksel@example.no",
                "ole@example.no",
                "sanna@example.no",
                "+47 400 00 001",
                "+47 912 34 567",
                "secret-link",
                NAMES[0].toUpperCase());
    }

    /** Every table of the schema whose rows, as text, contain the string (document bytes included, as hex). */
    private static List<String> tablesMentioning(String secret) {
        List<String> tables = jdbc.sql("""
                        select table_name from information_schema.tables
                         where table_schema = current_schema() and table_type = 'BASE TABLE'""").query(String.class).list();
        String hex = java.util.HexFormat.of().formatHex(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return tables.stream()
                .filter(table -> jdbc.sql("select count(*) from " + table + " t where t::text like ? or t::text like ?")
                                .params("%" + secret + "%", "%" + hex + "%")
                                .query(Integer.class)
                                .single()
                        > 0)
                .toList();
    }

    private static List<String> hashes(String id) {
        return jdbc.sql("select version || ' ' || sha256 from document_version where contract_id = ? order by version")
                .param(UUID.fromString(id))
                .query(String.class)
                .list();
    }
}
