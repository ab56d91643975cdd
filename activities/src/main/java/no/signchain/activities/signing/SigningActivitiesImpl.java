package no.signchain.activities.signing;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import no.signchain.activities.provider.ProviderFailures;
import no.signchain.activities.provider.ProviderSession;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SessionOrder;
import no.signchain.activities.provider.SignerIdentity;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.provider.SigningProviders;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.SignerRecord;
import no.signchain.store.document.DocumentVersions;
import no.signchain.store.session.SigningSessionLedger;
import no.signchain.workflows.contract.DocumentVersionRef;
import no.signchain.workflows.signing.OpenSessionRequest;
import no.signchain.workflows.signing.OpenedSession;
import no.signchain.workflows.signing.SessionReading;
import no.signchain.workflows.signing.SessionState;
import no.signchain.workflows.signing.SignerStep;
import no.signchain.workflows.signing.SigningActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signing activities on any {@link SigningProvider}, with signchain's database as the memory of retries. Each call
 * goes to the provider stored with the step's contract: the workflow passes the same requests whatever the provider,
 * so its histories, old and new, replay unchanged.
 */
public class SigningActivitiesImpl implements SigningActivities {

    private static final Logger log = LoggerFactory.getLogger(SigningActivitiesImpl.class);
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes();
    /** Provider and database clocks differ; look for orphans a little before the row was written. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** The provider of a contract, by its id. */
    private final Function<String, SigningProvider> providers;

    private final ContractRepository contracts;
    private final DocumentVersions documents;
    private final SigningSessionLedger ledger;
    private final ContractEvents audit;
    private final TransactionTemplate tx;
    /** For what must be committed even if the surrounding transaction is not (the step's row stays locked). */
    private final TransactionTemplate ownTransaction;

    private final LateSessionSweeps sweeps;

    /** Each contract on the provider stored with it. */
    public SigningActivitiesImpl(
            SigningProviders providers,
            ContractRepository contracts,
            DocumentVersions documents,
            SigningSessionLedger ledger,
            PlatformTransactionManager transactions,
            ContractEvents audit,
            LateSessionSweeps sweeps) {
        this(
                contractId -> providers.named(contracts.provider(contractId)),
                contracts,
                documents,
                ledger,
                transactions,
                audit,
                sweeps);
    }

    /** Every contract on one provider, whatever is stored with it: for tests of the activities themselves. */
    public SigningActivitiesImpl(
            SigningProvider provider,
            ContractRepository contracts,
            DocumentVersions documents,
            SigningSessionLedger ledger,
            PlatformTransactionManager transactions,
            ContractEvents audit,
            LateSessionSweeps sweeps) {
        this(contractId -> provider, contracts, documents, ledger, transactions, audit, sweeps);
    }

    private SigningActivitiesImpl(
            Function<String, SigningProvider> providers,
            ContractRepository contracts,
            DocumentVersions documents,
            SigningSessionLedger ledger,
            PlatformTransactionManager transactions,
            ContractEvents audit,
            LateSessionSweeps sweeps) {
        this.providers = providers;
        this.contracts = contracts;
        this.documents = documents;
        this.ledger = ledger;
        this.tx = new TransactionTemplate(transactions);
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.audit = audit;
        this.sweeps = sweeps;
    }

    @Override
    public OpenedSession openSession(OpenSessionRequest request) {
        try (LivenessHeartbeat alive = LivenessHeartbeat.start()) {
            return openSessionOnce(request);
        }
    }

    private OpenedSession openSessionOnce(OpenSessionRequest request) {
        SignerStep step = request.step();
        int attempt = request.sessionAttempt();
        SigningProvider provider = providerOf(step);
        boolean firstTry = ledger.register(step, attempt, provider.name());
        if (!firstTry) {
            // An earlier attempt's request may still be acted on after this one has looked: sweep up after it.
            sweeps.schedule(step, attempt);
        }
        ProviderSession session = ProviderFailures.translated(() -> tx.execute(status -> {
            SigningSessionLedger.Entry entry = ledger.lock(step, attempt);
            if (entry.opened()) {
                return new ProviderSession(entry.sessionRef(), entry.signatureUrl(), entry.dueAt());
            }
            ProviderSession opened = firstTry
                    ? openAtProvider(provider, request, entry.externalReference())
                    : reopen(provider, request, entry);
            ledger.recordOpened(step, attempt, opened.sessionRef(), opened.signatureUrl(), opened.dueAt());
            return opened;
        }));
        log.info(
                "Signing session {} open for contract {} signer {}",
                session.sessionRef(),
                step.contractId(),
                step.signerIndex());
        return new OpenedSession(session.sessionRef(), session.signatureUrl(), session.dueAt());
    }

    /**
     * An earlier attempt registered the step and may have opened a session before it was interrupted: use that one
     * (if the provider tells where to sign in it; the step's due date if the provider has none). If none shows, open
     * one, then look again: a create that timed out can surface late, beside the new one. Only one is kept; the
     * others are withdrawn before anyone is sent to them.
     */
    private ProviderSession reopen(
            SigningProvider provider, OpenSessionRequest request, SigningSessionLedger.Entry entry) {
        // Read once: all that adds to them (this call, a sweep) holds this attempt's row, as this call does now.
        Set<String> withdrawn = ledger.withdrawals(entry.externalReference());
        Optional<ProviderSession> resumed = resumeNamed(provider, request, entry.externalReference(), withdrawn);
        if (resumed.isPresent()) {
            return resumed.get();
        }
        Instant since = entry.requestedAt().minus(CLOCK_SKEW);
        List<ProviderSession> earlier = provider.findSessions(entry.externalReference(), since);
        Optional<ProviderSession> usable = earlier.stream()
                .filter(found -> found.signatureUrl() != null && !withdrawn.contains(found.sessionRef()))
                .findFirst()
                .map(found -> found.dueAt() != null
                        ? found
                        : new ProviderSession(found.sessionRef(), found.signatureUrl(), request.dueAt()));
        ProviderSession kept =
                usable.isPresent() ? usable.get() : openAtProvider(provider, request, entry.externalReference());
        List<ProviderSession> all =
                usable.isPresent() ? earlier : provider.findSessions(entry.externalReference(), since);
        for (ProviderSession other : all) {
            if (!other.sessionRef().equals(kept.sessionRef())) {
                log.warn(
                        "Withdrawing session {}, a second one for contract {} signer {} (keeping {})",
                        other.sessionRef(),
                        request.step().contractId(),
                        request.step().signerIndex(),
                        kept.sessionRef());
                withdrawSecond(provider, request.step(), entry.externalReference(), other.sessionRef());
            }
        }
        return kept;
    }

    /**
     * A session an interrupted attempt named while opening it (a provider that opens in several calls), carried on
     * with: the first that can still become the step's session.
     */
    private Optional<ProviderSession> resumeNamed(
            SigningProvider provider, OpenSessionRequest request, String externalReference, Set<String> withdrawn) {
        List<String> named = ledger.openings(externalReference).stream()
                .filter(sessionRef -> !withdrawn.contains(sessionRef))
                .toList();
        if (named.isEmpty()) {
            return Optional.empty();
        }
        return withOrder(request, externalReference, (order, document) -> {
            for (String sessionRef : named) {
                Optional<ProviderSession> resumed = provider.resumeSession(sessionRef, order, document);
                if (resumed.isPresent()) {
                    log.info(
                            "Carrying on with session {}, named by an interrupted attempt, for contract {} signer {}",
                            sessionRef,
                            request.step().contractId(),
                            request.step().signerIndex());
                    return resumed;
                }
            }
            return Optional.empty();
        });
    }

    private ProviderSession openAtProvider(
            SigningProvider provider, OpenSessionRequest request, String externalReference) {
        SignerStep step = request.step();
        // Committed at once, apart from the step's locked row: the note must survive this attempt's crash.
        return withOrder(
                request,
                externalReference,
                (order, document) -> provider.openSession(
                        order,
                        document,
                        sessionRef -> ownTransaction.executeWithoutResult(
                                status -> ledger.recordOpening(step, externalReference, sessionRef))));
    }

    /** The provider's order for the step, and the document version to sign as a temporary file while it is used. */
    private <T> T withOrder(
            OpenSessionRequest request, String externalReference, BiFunction<SessionOrder, Path, T> use) {
        SignerStep step = request.step();
        SignerRecord signer = contracts.signer(step.contractId(), step.signerIndex());
        SessionOrder order = new SessionOrder(
                contracts.title(step.contractId()),
                new SignerIdentity(signer.name(), signer.nationalId(), signer.email(), signer.mobile()),
                request.dueAt(),
                externalReference);
        Path document = documents.exportToTempFile(request.document());
        try {
            return use.apply(order, document);
        } finally {
            deleteQuietly(document);
        }
    }

    @Override
    public SessionReading readSession(SignerStep step, String sessionRef) {
        SigningProvider provider = providerOf(step);
        ProviderSessionState state = ProviderFailures.translated(() -> provider.readSession(sessionRef));
        return new SessionReading(sessionRef, state.state(), null);
    }

    @Override
    public SessionReading readSessionAndCollect(SignerStep step, String sessionRef) {
        // Beating from the start, as a collection does: the read comes first, and the heartbeat timeout applies to it.
        try (LivenessHeartbeat alive = LivenessHeartbeat.start()) {
            SigningProvider provider = providerOf(step);
            ProviderSessionState state = ProviderFailures.translated(() -> provider.readSession(sessionRef));
            if (state.state() != SessionState.SIGNED || state.resultDocumentRef() == null) {
                return new SessionReading(sessionRef, state.state(), null);
            }
            DocumentVersionRef target = new DocumentVersionRef(step.contractId(), step.signerIndex());
            if (documents.find(target).isPresent()) {
                return new SessionReading(sessionRef, SessionState.SIGNED, target); // kept by an earlier attempt
            }
            return new SessionReading(sessionRef, SessionState.SIGNED, keptNow(step, sessionRef, state));
        }
    }

    /** The signed document stored as the step's version, or null when it cannot be kept in this read. */
    private DocumentVersionRef keptNow(SignerStep step, String sessionRef, ProviderSessionState state) {
        try {
            return keep(step, sessionRef, state);
        } catch (RuntimeException notKept) {
            // The signature exists; its document is left to CollectSignedDocument, whose retries and failure (the
            // signer stays SIGNED, the contract fails with "could not collect") are the ones a contract always had.
            log.warn(
                    "Session {} of contract {} signer {} is signed; its document is left to a collection: {}",
                    sessionRef,
                    step.contractId(),
                    step.signerIndex(),
                    notKept.getMessage());
            return null;
        }
    }

    @Override
    public DocumentVersionRef collectSignedDocument(SignerStep step, String sessionRef) {
        try (LivenessHeartbeat alive = LivenessHeartbeat.start()) {
            return collectOnce(step, sessionRef);
        }
    }

    private DocumentVersionRef collectOnce(SignerStep step, String sessionRef) {
        DocumentVersionRef target = new DocumentVersionRef(step.contractId(), step.signerIndex());
        if (documents.find(target).isPresent()) {
            return target;
        }
        SigningProvider provider = providerOf(step);
        ProviderSessionState state = ProviderFailures.translated(() -> provider.readSession(sessionRef));
        if (state.state() != SessionState.SIGNED && state.state().isFinal()) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "session " + sessionRef + " is " + state.state() + ", not signed", "SessionNotSigned");
        }
        if (state.resultDocumentRef() == null) {
            // The workflow saw SIGNED: a read still saying PENDING, or SIGNED without the result document yet, is the
            // provider catching up. Retrying waits for it; failing would lose a signature that exists.
            throw ApplicationFailure.newFailure(
                    "session " + sessionRef + " is " + state.state() + " without its signed document yet",
                    "SignedDocumentNotReady");
        }
        return keep(step, sessionRef, state);
    }

    /** Downloads the signed document of a session read as signed and stores it as the step's version. */
    private DocumentVersionRef keep(SignerStep step, String sessionRef, ProviderSessionState state) {
        DocumentVersionRef target = new DocumentVersionRef(step.contractId(), step.signerIndex());
        SigningProvider provider = providerOf(step);
        Path file = tempFile(target);
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                ProviderFailures.translated(() -> {
                    provider.downloadSignedDocument(state, out);
                    return null;
                });
            }
            requirePdf(file, sessionRef);
            documents.store(target, step.signerIndex(), "application/pdf", file);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(file);
        }
    }

    @Override
    public void changeSessionDueDate(SignerStep step, String sessionRef, Instant dueAt) {
        SigningProvider provider = providerOf(step);
        ProviderFailures.translated(() -> {
            provider.changeDueDate(sessionRef, dueAt);
            return null;
        });
        ledger.recordDueDate(sessionRef, dueAt);
    }

    @Override
    public void withdrawSession(SignerStep step, String sessionRef) {
        SigningProvider provider = providerOf(step);
        ProviderFailures.translated(() -> {
            provider.withdrawSession(sessionRef);
            return null;
        });
        audit.record(
                step.contractId(),
                "signer.session_withdrawn",
                "signchain",
                step.signerIndex(),
                provider.canWithdraw()
                        ? "session " + sessionRef + " withdrawn at " + provider.name()
                        : "session " + sessionRef + " no longer offered; " + provider.name()
                                + " cannot withdraw it, so it stays open there until it lapses");
    }

    private SigningProvider providerOf(SignerStep step) {
        return providers.apply(step.contractId());
    }

    /**
     * Under the step's lock, so that a retried openSession still running cannot have its new session taken for a
     * late one: it has recorded it by the time the lock is ours.
     */
    @Override
    public int withdrawLateSessions(SignerStep step, int sessionAttempt) {
        return ProviderFailures.translated(() -> tx.execute(status -> {
            Optional<SigningSessionLedger.Entry> held = ledger.lockIfPresent(step, sessionAttempt);
            if (held.isEmpty()) {
                // Erased since, or a sweep from another deployment on a shared server: nothing here to sweep.
                log.warn(
                        "No session record for contract {} signer {}: nothing to sweep",
                        step.contractId(),
                        step.signerIndex());
                return 0;
            }
            SigningSessionLedger.Entry entry = held.get();
            SigningProvider provider = providerOf(step);
            int withdrawn = 0;
            for (ProviderSession found : provider.findSessions(
                    entry.externalReference(), entry.requestedAt().minus(CLOCK_SKEW))) {
                if (!found.sessionRef().equals(entry.sessionRef())) {
                    log.warn(
                            "Withdrawing session {}, which surfaced late for contract {} signer {} (kept: {})",
                            found.sessionRef(),
                            step.contractId(),
                            step.signerIndex(),
                            entry.sessionRef());
                    withdrawSecond(provider, step, entry.externalReference(), found.sessionRef());
                    audit.record(
                            step.contractId(),
                            "signer.late_session_withdrawn",
                            "signchain",
                            step.signerIndex(),
                            "session " + found.sessionRef() + " surfaced late at " + provider.name()
                                    + " and was withdrawn");
                    withdrawn++;
                }
            }
            return withdrawn;
        }));
    }

    /**
     * Withdraws a second session of the step, noted first in a transaction of its own: should the withdrawal's answer
     * be lost, the provider may show the session open a while longer, and no later attempt may take it then.
     */
    private void withdrawSecond(
            SigningProvider provider, SignerStep step, String externalReference, String sessionRef) {
        ownTransaction.executeWithoutResult(status -> ledger.recordWithdrawal(step, externalReference, sessionRef));
        provider.withdrawSession(sessionRef);
    }

    private static void requirePdf(Path file, String sessionRef) throws IOException {
        byte[] head = new byte[PDF_MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(head, 0, head.length);
            if (read < head.length || !Arrays.equals(head, PDF_MAGIC)) {
                throw ApplicationFailure.newFailure(
                        "the signed document of session " + sessionRef + " is not a PDF", "NotAPdf");
            }
        }
    }

    private static Path tempFile(DocumentVersionRef target) {
        try {
            return Files.createTempFile("signchain-" + target.contractId() + "-v" + target.version() + "-", ".pdf");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete temporary file {}", file, e);
        }
    }
}
