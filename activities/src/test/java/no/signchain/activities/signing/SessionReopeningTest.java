package no.signchain.activities.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import no.signchain.activities.provider.ProviderSession;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SessionOrder;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NationalId;
import no.signchain.store.contract.SignerRecord;
import no.signchain.store.document.DocumentVersions;
import no.signchain.store.session.SigningSessionLedger;
import no.signchain.workflows.contract.DocumentVersionRef;
import no.signchain.workflows.contract.SignerStatus;
import no.signchain.workflows.signing.OpenSessionRequest;
import no.signchain.workflows.signing.SignerStep;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;

/** A retried openSession: an earlier attempt's session is used, and a second one is never left open. */
class SessionReopeningTest {

    private static final String CONTRACT = "6f1f6a55-57f4-4d5a-a2d4-1d2b07d0f0c1";
    private static final SignerStep STEP = new SignerStep(CONTRACT, 2);
    private static final Instant DUE = Instant.parse("2026-12-24T12:00:00Z");
    private static final OpenSessionRequest REQUEST =
            new OpenSessionRequest(STEP, new DocumentVersionRef(CONTRACT, 1), DUE);
    private static final String REFERENCE = SigningSessionLedger.externalReference(STEP, 1);

    private final SigningSessionLedger ledger = mock(SigningSessionLedger.class);
    private final ContractRepository contracts = mock(ContractRepository.class);
    private final DocumentVersions documents = mock(DocumentVersions.class);
    private final ScriptedProvider provider = new ScriptedProvider();
    private final LateSessionSweeps sweeps = mock(LateSessionSweeps.class);
    private final SigningActivitiesImpl activities = new SigningActivitiesImpl(
            provider,
            contracts,
            documents,
            ledger,
            mock(PlatformTransactionManager.class),
            mock(ContractEvents.class),
            sweeps);

    @BeforeEach
    void setUp() throws IOException {
        when(ledger.lock(eq(STEP), anyInt()))
                .thenAnswer(call -> new SigningSessionLedger.Entry(
                        SigningSessionLedger.externalReference(STEP, call.getArgument(1)),
                        null,
                        null,
                        null,
                        Instant.parse("2026-11-22T10:00:00Z")));
        when(contracts.signer(anyString(), anyInt()))
                .thenReturn(new SignerRecord(
                        2,
                        "Ole Bramserud",
                        NationalId.parse("11920287974"),
                        null,
                        null,
                        null,
                        SignerStatus.WAITING,
                        null,
                        null,
                        null,
                        null));
        when(contracts.title(anyString())).thenReturn("Lease");
        Path pdf = Files.createTempFile("reopening-", ".pdf");
        when(documents.exportToTempFile(any())).thenReturn(pdf);
    }

    @Test
    void aFirstTryOpensWithoutLooking() {
        when(ledger.register(STEP, 1, "scripted")).thenReturn(true);

        assertThat(activities.openSession(REQUEST).sessionRef()).isEqualTo("new-1");
        assertThat(provider.lookups).isZero();
        verifyNoInteractions(sweeps);
        ProviderSession opened = provider.opened.getFirst();
        verify(ledger).recordOpened(STEP, 1, opened.sessionRef(), opened.signatureUrl(), opened.dueAt());
    }

    @Test
    void aRetryUsesTheSessionAnEarlierAttemptOpened() {
        provider.listings.add(List.of(session("earlier")));

        assertThat(activities.openSession(REQUEST).sessionRef()).isEqualTo("earlier");
        assertThat(provider.opened).isEmpty();
        assertThat(provider.withdrawn).isEmpty();
    }

    @Test
    void aLateSurfacingSessionBesideTheNewOneIsWithdrawn() {
        provider.listings.add(List.of()); // nothing shows yet: open one
        provider.listings.add(List.of(session("late"), session("new-1"))); // then the timed-out create shows up

        assertThat(activities.openSession(REQUEST).sessionRef()).isEqualTo("new-1");
        assertThat(provider.withdrawn).containsExactly("late");
        assertThat(provider.orders).extracting(SessionOrder::externalReference).containsExactly(REFERENCE);
    }

    @Test
    void aFoundSessionWithoutADueDateGetsTheSteps() {
        provider.listings.add(List.of(new ProviderSession("earlier", "https://sign.example/earlier", null)));

        assertThat(activities.openSession(REQUEST).dueAt()).isEqualTo(DUE);
        verify(ledger).recordOpened(STEP, 1, "earlier", "https://sign.example/earlier", DUE);
        assertThat(provider.opened).isEmpty();
    }

    @Test
    void aFoundSessionWithoutALinkIsWithdrawnAndANewOneOpened() {
        ProviderSession linkless = new ProviderSession("earlier", null, DUE);
        provider.listings.add(List.of(linkless));
        provider.listings.add(List.of(linkless, session("new-1")));

        assertThat(activities.openSession(REQUEST).sessionRef()).isEqualTo("new-1");
        assertThat(provider.withdrawn).containsExactly("earlier");
    }

    @Test
    void aRetryAsksForASweepEvenWhenItFailsAtTheProvider() {
        provider.failOpening = true;

        assertThatThrownBy(() -> activities.openSession(REQUEST)).isNotNull();
        verify(sweeps).schedule(STEP, 1);
    }

    @Test
    void theSweepWithdrawsEverySessionButTheKeptOne() {
        when(ledger.lockIfPresent(STEP, 1))
                .thenReturn(Optional.of(new SigningSessionLedger.Entry(
                        REFERENCE, "kept", "https://sign.example/kept", DUE, Instant.parse("2026-11-22T10:00:00Z"))));
        provider.listings.add(List.of(session("kept"), session("late-1"), session("late-2")));

        assertThat(activities.withdrawLateSessions(STEP, 1)).isEqualTo(2);
        assertThat(provider.withdrawn).containsExactly("late-1", "late-2");
    }

    @Test
    void theSweepOfAStepThatNeverKeptASessionWithdrawsAllItFinds() {
        when(ledger.lockIfPresent(STEP, 1))
                .thenReturn(Optional.of(new SigningSessionLedger.Entry(
                        REFERENCE, null, null, null, Instant.parse("2026-11-22T10:00:00Z"))));
        provider.listings.add(List.of(session("late")));

        assertThat(activities.withdrawLateSessions(STEP, 1)).isEqualTo(1);
        assertThat(provider.withdrawn).containsExactly("late");
    }

    @Test
    void aSweepNotesEachWithdrawalBeforeItAsksTheProviderSoALostAnswerLeavesTheNote() {
        when(ledger.lockIfPresent(STEP, 1))
                .thenReturn(Optional.of(new SigningSessionLedger.Entry(
                        REFERENCE, null, null, null, Instant.parse("2026-11-22T10:00:00Z"))));
        provider.listings.add(List.of(session("late")));
        provider.failWithdrawing = true;

        assertThatThrownBy(() -> activities.withdrawLateSessions(STEP, 1)).isNotNull();
        verify(ledger).recordWithdrawal(STEP, REFERENCE, "late");
    }

    /** The sweep above set out to withdraw "swept"; its answer was lost, and the provider still shows it open. */
    @Test
    void aRetryNeverKeepsASessionSignchainSetOutToWithdraw() {
        when(ledger.withdrawals(REFERENCE)).thenReturn(Set.of("swept"));
        provider.listings.add(List.of(session("swept")));
        provider.listings.add(List.of(session("swept"), session("new-1")));

        assertThat(activities.openSession(REQUEST).sessionRef()).isEqualTo("new-1");
        assertThat(provider.withdrawn).containsExactly("swept");
    }

    @Test
    void aRetryDoesNotCarryOnWithANamedSessionSignchainSetOutToWithdraw() {
        when(ledger.openings(REFERENCE)).thenReturn(List.of("swept", "named"));
        when(ledger.withdrawals(REFERENCE)).thenReturn(Set.of("swept"));
        provider.resumable.addAll(List.of("swept", "named"));

        assertThat(activities.openSession(REQUEST).sessionRef()).isEqualTo("named");
        assertThat(provider.resumed).containsExactly("named");
    }

    @Test
    void aSweepOfAStepThisDatabaseDoesNotHoldAsksNothingOfTheProvider() {
        when(ledger.lockIfPresent(STEP, 1)).thenReturn(Optional.empty());

        assertThat(activities.withdrawLateSessions(STEP, 1)).isZero();
        assertThat(provider.lookups).isZero();
    }

    @Test
    void aSweepThatFindsOnlyTheKeptSessionWithdrawsNothing() {
        when(ledger.lockIfPresent(STEP, 1))
                .thenReturn(Optional.of(new SigningSessionLedger.Entry(
                        REFERENCE, "kept", "https://sign.example/kept", DUE, Instant.parse("2026-11-22T10:00:00Z"))));
        provider.listings.add(List.of(session("kept")));

        assertThat(activities.withdrawLateSessions(STEP, 1)).isZero();
        assertThat(provider.withdrawn).isEmpty();
    }

    @Test
    void aSessionTheProviderNamesBeforeItIsSignableIsNotedAtOnce() {
        when(ledger.register(STEP, 1, "scripted")).thenReturn(true);
        provider.namesFirst = true;

        assertThat(activities.openSession(REQUEST).sessionRef()).isEqualTo("new-1");
        verify(ledger).recordOpening(STEP, REFERENCE, "new-1");
    }

    @Test
    void aRetryCarriesOnWithTheSessionAnInterruptedAttemptNamedInsteadOfCreatingAnother() {
        when(ledger.openings(REFERENCE)).thenReturn(List.of("gone", "named"));
        provider.resumable.add("named");

        assertThat(activities.openSession(REQUEST).sessionRef()).isEqualTo("named");
        assertThat(provider.resumed).containsExactly("gone", "named");
        assertThat(provider.opened).isEmpty();
        assertThat(provider.lookups).isZero();
        verify(ledger).recordOpened(eq(STEP), eq(1), eq("named"), anyString(), any());
    }

    @Test
    void aRetryWhoseNamedSessionsCannotBeResumedLooksAndOpensAsBefore() {
        when(ledger.openings(REFERENCE)).thenReturn(List.of("gone"));

        assertThat(activities.openSession(REQUEST).sessionRef()).isEqualTo("new-1");
        assertThat(provider.resumed).containsExactly("gone");
        assertThat(provider.lookups).isEqualTo(2);
    }

    @Test
    void aReplacementSignersSessionCarriesItsOwnReference() {
        when(ledger.register(STEP, 2, "scripted")).thenReturn(true);
        OpenSessionRequest replacement = new OpenSessionRequest(STEP, new DocumentVersionRef(CONTRACT, 1), DUE, 2);

        activities.openSession(replacement);

        assertThat(provider.orders)
                .extracting(SessionOrder::externalReference)
                .containsExactly(SigningSessionLedger.externalReference(STEP, 2));
        verify(ledger).recordOpened(eq(STEP), eq(2), anyString(), anyString(), any());
    }

    private static ProviderSession session(String ref) {
        return new ProviderSession(ref, "https://sign.example/" + ref, DUE);
    }

    private static final class ScriptedProvider implements SigningProvider {
        final Deque<List<ProviderSession>> listings = new ArrayDeque<>();
        final List<ProviderSession> opened = new ArrayList<>();
        final List<SessionOrder> orders = new ArrayList<>();
        final List<String> withdrawn = new ArrayList<>();
        final List<String> resumable = new ArrayList<>();
        final List<String> resumed = new ArrayList<>();
        int lookups;
        boolean failOpening;
        boolean failWithdrawing;
        boolean namesFirst;

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public ProviderSession openSession(SessionOrder order, Path document, Consumer<String> named) {
            if (namesFirst) {
                named.accept("new-" + (opened.size() + 1));
            }
            return openSession(order, document);
        }

        @Override
        public Optional<ProviderSession> resumeSession(String sessionRef, SessionOrder order, Path document) {
            resumed.add(sessionRef);
            return resumable.contains(sessionRef) ? Optional.of(session(sessionRef)) : Optional.empty();
        }

        @Override
        public ProviderSession openSession(SessionOrder order, Path document) {
            if (failOpening) {
                throw new SigningProviderException("read timed out", false, null, null);
            }
            orders.add(order);
            ProviderSession session = session("new-" + (opened.size() + 1));
            opened.add(session);
            return session;
        }

        @Override
        public void changeDueDate(String sessionRef, Instant dueAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ProviderSession> findSessions(String externalReference, Instant createdSince) {
            lookups++;
            return listings.isEmpty() ? List.of() : listings.poll();
        }

        @Override
        public ProviderSessionState readSession(String sessionRef) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void downloadSignedDocument(ProviderSessionState signed, OutputStream sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void withdrawSession(String sessionRef) {
            if (failWithdrawing) {
                throw new SigningProviderException("read timed out", false, null, null);
            }
            withdrawn.add(sessionRef);
        }
    }
}
