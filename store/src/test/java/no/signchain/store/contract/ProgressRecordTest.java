package no.signchain.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import no.signchain.store.testing.MigratedDatabase;
import no.signchain.store.testing.MutableClock;
import no.signchain.store.testing.TestContracts;
import no.signchain.workflows.contract.ContractPhase;
import no.signchain.workflows.contract.ContractProgress;
import no.signchain.workflows.contract.ContractStatus;
import no.signchain.workflows.contract.DocumentVersionRef;
import no.signchain.workflows.contract.SignerProgress;
import no.signchain.workflows.contract.SignerStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A progress snapshot stores every signer's state as the workflow holds it, but rewrites only the signers whose state
 * changed: a handoff records five snapshots, and a 50-signer contract's would otherwise rewrite 50 rows each.
 */
class ProgressRecordTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static MigratedDatabase database;
    private static ContractRepository contracts;

    @BeforeAll
    static void database() throws IOException {
        database = MigratedDatabase.start();
        contracts = TestContracts.repository(database, new MutableClock(T0));
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
    }

    @Test
    void aSnapshotWritesTheSignersItChangesAndLeavesTheOthersRowsUntouched() {
        String id = newContract();
        SignerProgress first = openFirstSigner(id, T0.plusSeconds(1));
        Map<Integer, String> afterOpen = rowVersions(id);

        SignerProgress firstSigned = first.finished(SignerStatus.SIGNED, T0.plusSeconds(60));
        SignerProgress second = SignerProgress.waiting(2).opened("s2", "https://sign.example/2", T0.plusSeconds(7200));
        contracts.recordProgress(snapshot(id, 2, T0.plusSeconds(61), firstSigned, second, waiting(3)));
        Map<Integer, String> afterHandoff = rowVersions(id);

        assertThat(afterHandoff.get(1)).as("signer 1, signed").isNotEqualTo(afterOpen.get(1));
        assertThat(afterHandoff.get(2)).as("signer 2, opened").isNotEqualTo(afterOpen.get(2));
        assertThat(afterHandoff.get(3)).as("signer 3, still waiting").isEqualTo(afterOpen.get(3));
        List<SignerRecord> signers = contracts.find(id).orElseThrow().signers();
        assertThat(signers.get(0).status()).isEqualTo(SignerStatus.SIGNED);
        assertThat(signers.get(0).signatureUrl())
                .as("a finished step's link is cleared")
                .isNull();
        assertThat(signers.get(0).sessionRef()).isEqualTo("s1");
        assertThat(signers.get(1).status()).isEqualTo(SignerStatus.READY);
        assertThat(signers.get(1).sessionRef()).isEqualTo("s2");
        assertThat(signers.get(1).signatureUrl()).isEqualTo("https://sign.example/2");
        assertThat(signers.get(2).status()).isEqualTo(SignerStatus.WAITING);

        // The same snapshot again, as a retried activity records it: no row is rewritten.
        contracts.recordProgress(snapshot(id, 2, T0.plusSeconds(61), firstSigned, second, waiting(3)));
        assertThat(rowVersions(id)).isEqualTo(afterHandoff);
    }

    @Test
    void aSignerWhoseSessionIsWithdrawnGoesBackToWaitingWithItsSessionCleared() {
        String id = newContract();
        openFirstSigner(id, T0.plusSeconds(1));

        // A replaced signer: the workflow's snapshot holds signer 1 waiting again, with no session and no link.
        contracts.recordProgress(snapshot(id, 1, T0.plusSeconds(2), waiting(1), waiting(2), waiting(3)));

        SignerRecord signer = contracts.find(id).orElseThrow().signers().get(0);
        assertThat(signer.status()).isEqualTo(SignerStatus.WAITING);
        assertThat(signer.sessionRef()).isNull();
        assertThat(signer.signatureUrl()).isNull();
        assertThat(signer.dueAt()).isNull();
    }

    @Test
    void anOlderSnapshotChangesNoSigner() {
        String id = newContract();
        openFirstSigner(id, T0.plusSeconds(5));
        Map<Integer, String> before = rowVersions(id);

        contracts.recordProgress(snapshot(id, 0, T0.plusSeconds(4), waiting(1), waiting(2), waiting(3)));

        assertThat(rowVersions(id)).isEqualTo(before);
        assertThat(contracts.find(id).orElseThrow().signers().get(0).sessionRef())
                .isEqualTo("s1");
    }

    @Test
    void aNumberedSnapshotWrittenAgainLaterDoesNotRollBackTheOneAfterIt() {
        String id = newContract();
        SignerProgress first = SignerProgress.waiting(1).opened("s1", "https://sign.example/1", T0.plusSeconds(3600));
        contracts.recordProgress(
                numbered(id, 1, ContractStatus.ACTIVE, 1, T0.plusSeconds(1), first, waiting(2), waiting(3)));
        SignerProgress signed = first.finished(SignerStatus.SIGNED, T0.plusSeconds(9));
        // One workflow task's two snapshots share its time.
        contracts.recordProgress(
                numbered(id, 2, ContractStatus.ACTIVE, 1, T0.plusSeconds(9), signed, waiting(2), waiting(3)));
        contracts.recordProgress(
                numbered(id, 3, ContractStatus.ACTIVE, 2, T0.plusSeconds(9), signed, waiting(2), waiting(3)));

        // The task run again, later: the same snapshots under the same numbers, at a later time.
        contracts.recordProgress(
                numbered(id, 2, ContractStatus.ACTIVE, 1, T0.plusSeconds(30), signed, waiting(2), waiting(3)));

        assertThat(contracts.find(id).orElseThrow().currentSigner())
                .as("snapshot 3 stays; 2, later in time, is older")
                .isEqualTo(2);
    }

    @Test
    void anEndedContractStaysEndedWhateverSnapshotArrives() {
        String id = newContract();
        openFirstSigner(id, T0.plusSeconds(1));
        contracts.recordProgress(numbered(
                id,
                2,
                ContractStatus.CANCELLED,
                0,
                T0.plusSeconds(2),
                waiting(1).finished(SignerStatus.SKIPPED, T0.plusSeconds(2)),
                waiting(2),
                waiting(3)));

        // Unnumbered and later in time: by time alone it would win.
        contracts.recordProgress(snapshot(id, 1, T0.plusSeconds(3), waiting(1), waiting(2), waiting(3)));

        assertThat(contracts.find(id).orElseThrow().status()).isEqualTo(ContractStatus.CANCELLED);
    }

    private static String newContract() {
        return TestContracts.insert(
                database,
                contracts,
                new NewSigner("Aksel Herseth", NationalId.parse("06046517928"), null, null, null),
                new NewSigner("Ole Bramserud", NationalId.parse("11920287974"), null, null, null),
                new NewSigner("Sanna Hansen", NationalId.parse("12829025475"), null, null, null));
    }

    /** Records signer 1's session opened at {@code at}, the others waiting; returns signer 1's progress. */
    private static SignerProgress openFirstSigner(String id, Instant at) {
        SignerProgress first = SignerProgress.waiting(1).opened("s1", "https://sign.example/1", T0.plusSeconds(3600));
        contracts.recordProgress(snapshot(id, 1, at, first, waiting(2), waiting(3)));
        return first;
    }

    private static SignerProgress waiting(int index) {
        return SignerProgress.waiting(index);
    }

    /** An unnumbered snapshot (sequence 0, as from workers before snapshots were numbered): ordered by its time. */
    private static ContractProgress snapshot(String id, int current, Instant at, SignerProgress... signers) {
        return numbered(id, 0, ContractStatus.ACTIVE, current, at, signers);
    }

    private static ContractProgress numbered(
            String id, long sequence, ContractStatus status, int current, Instant at, SignerProgress... signers) {
        return new ContractProgress(
                id,
                status,
                status == ContractStatus.ACTIVE
                        ? ContractPhase.WAITING_FOR_SIGNER
                        : ContractPhase.valueOf(status.name()),
                current,
                List.of(signers),
                DocumentVersionRef.original(id),
                null,
                at,
                sequence);
    }

    /** Each signer row's xmin: the transaction that last wrote it, so a rewritten row shows a new one. */
    private static Map<Integer, String> rowVersions(String id) {
        return database
                .jdbc()
                .sql("select signer_index, xmin::text from contract_signer where contract_id = ?")
                .param(UUID.fromString(id))
                .query((rs, n) -> Map.entry(rs.getInt(1), rs.getString(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
