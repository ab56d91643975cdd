package no.signchain.store.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import no.signchain.store.contract.NationalId;
import no.signchain.store.contract.NewSigner;
import no.signchain.store.testing.MigratedDatabase;
import no.signchain.store.testing.MutableClock;
import no.signchain.store.testing.TestContracts;
import no.signchain.workflows.signing.SignerStep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sessions a provider named while opening (ZignSec's create before its upload and start), noted on a real
 * PostgreSQL the way the open-session activity does it: in a transaction of its own while the step's row is locked.
 */
class SessionOpeningsTest {

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
    void aNameNotedWhileTheStepIsLockedOutlivesTheAttemptThatFailsAndIsFoundByTheRetry() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        SigningSessionLedger ledger = new SigningSessionLedger(database.dataSource(), clock);
        SignerStep step = new SignerStep(newContract(clock), 1);
        String reference = SigningSessionLedger.externalReference(step, 1);
        TransactionTemplate attempt = new TransactionTemplate(database.transactions());
        TransactionTemplate own = new TransactionTemplate(database.transactions());
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        attempt.executeWithoutResult(s -> ledger.register(step, 1, "zignsec"));

        // The attempt locks the step, the provider names a session, and then the attempt dies before recording it.
        try {
            attempt.executeWithoutResult(s -> {
                ledger.lock(step, 1);
                own.executeWithoutResult(n -> ledger.recordOpening(step, reference, "zs-1"));
                clock.advance(Duration.ofSeconds(1));
                own.executeWithoutResult(n -> ledger.recordOpening(step, reference, "zs-1"));
                throw new IllegalStateException("killed before the session was recorded");
            });
        } catch (IllegalStateException expected) {
            // the attempt's own transaction rolls back; the note does not
        }
        clock.advance(Duration.ofSeconds(1));
        own.executeWithoutResult(n -> ledger.recordOpening(step, reference, "zs-0"));

        assertThat(ledger.openings(reference)).containsExactly("zs-1", "zs-0");
        assertThat(ledger.openings(SigningSessionLedger.externalReference(step, 2)))
                .isEmpty();
        assertThat(ledger.lock(step, 1).opened()).isFalse();
    }

    @Test
    void aWithdrawalNotedWhileTheStepIsLockedOutlivesASweepWhoseProviderCallFailed() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        SigningSessionLedger ledger = new SigningSessionLedger(database.dataSource(), clock);
        SignerStep step = new SignerStep(newContract(clock), 1);
        String reference = SigningSessionLedger.externalReference(step, 1);
        TransactionTemplate sweep = new TransactionTemplate(database.transactions());
        TransactionTemplate own = new TransactionTemplate(database.transactions());
        own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        sweep.executeWithoutResult(s -> ledger.register(step, 1, "signicat-v1"));

        try {
            sweep.executeWithoutResult(s -> {
                ledger.lock(step, 1);
                own.executeWithoutResult(n -> ledger.recordWithdrawal(step, reference, "order-1:1"));
                own.executeWithoutResult(n -> ledger.recordWithdrawal(step, reference, "order-1:1"));
                throw new IllegalStateException("the provider's answer to the withdrawal was lost");
            });
        } catch (IllegalStateException expected) {
            // the sweep's transaction rolls back; the note does not
        }

        assertThat(ledger.withdrawals(reference)).containsExactly("order-1:1");
        assertThat(ledger.withdrawals(SigningSessionLedger.externalReference(step, 2)))
                .isEmpty();
    }

    private static String newContract(MutableClock clock) {
        return TestContracts.insert(
                database,
                TestContracts.repository(database, clock),
                new NewSigner("Ole Bramserud", NationalId.parse("11920287974"), null, null, null));
    }
}
