package no.signchain.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * What the API reads of a contract is one moment of it: a contract and its signers are read in one snapshot, so a
 * progress write that lands between the two reads cannot show a FAILED contract with a signer still WAITING (seen
 * in CI before the reads shared a snapshot).
 */
class ContractReadsTest {

    private static MigratedDatabase database;

    @BeforeAll
    static void database() throws IOException {
        database = MigratedDatabase.start();
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
    }

    @Test
    void aReadDuringProgressWritesSeesTheContractAndItsSignersFromTheSameWrite() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        ContractRepository contracts = TestContracts.repository(database, clock);
        String id = TestContracts.insert(
                database,
                contracts,
                new NewSigner("Aksel Herseth", NationalId.parse("06046517928"), null, null, null),
                new NewSigner("Ole Bramserud", NationalId.parse("11920287974"), null, null, null),
                new NewSigner("Sanna Hansen", NationalId.parse("12829025475"), null, null, null));

        // The writer moves the open session round the three signers; every write is consistent on its own: the
        // current signer is READY and the others WAITING.
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
            Instant at = Instant.parse("2026-03-01T10:00:00Z");
            int writes = 0;
            while (!done.get() && writes < 20_000) {
                int current = writes % 3 + 1;
                at = at.plusMillis(1);
                contracts.recordProgress(readyAt(id, current, at));
                writes++;
            }
            return writes;
        });

        List<String> torn = new ArrayList<>();
        int reads = 0;
        try {
            while (reads < 1_000 && !writer.isDone()) {
                ContractRecord read = contracts.find(id).orElseThrow();
                reads++;
                for (SignerRecord signer : read.signers()) {
                    SignerStatus expected =
                            signer.index() == read.currentSigner() ? SignerStatus.READY : SignerStatus.WAITING;
                    if (read.currentSigner() != 0 && signer.status() != expected) {
                        torn.add("current signer " + read.currentSigner() + ", signer " + signer.index() + " "
                                + signer.status());
                    }
                }
            }
        } finally {
            done.set(true);
        }
        int writes = writer.join();

        assertThat(writes).as("progress writes during the reads").isGreaterThan(100);
        assertThat(reads).as("reads").isGreaterThan(100);
        assertThat(torn).as("reads that mixed two writes, of " + reads).isEmpty();
    }

    private static ContractProgress readyAt(String id, int current, Instant at) {
        List<SignerProgress> signers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            signers.add(
                    i == current
                            ? SignerProgress.waiting(i).opened("s" + i, "https://sign.example/" + i, at.plusSeconds(60))
                            : SignerProgress.waiting(i));
        }
        return new ContractProgress(
                id,
                ContractStatus.ACTIVE,
                ContractPhase.WAITING_FOR_SIGNER,
                current,
                signers,
                DocumentVersionRef.original(id),
                null,
                at,
                0);
    }
}
