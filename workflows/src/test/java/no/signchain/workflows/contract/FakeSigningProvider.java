package no.signchain.workflows.contract;

import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import no.signchain.workflows.signing.OpenSessionRequest;
import no.signchain.workflows.signing.OpenedSession;
import no.signchain.workflows.signing.SessionReading;
import no.signchain.workflows.signing.SessionState;
import no.signchain.workflows.signing.SignerStep;
import no.signchain.workflows.signing.SigningActivities;

/**
 * A provider that decides at once: each signer's session is decided as scripted when it opens, and, unless
 * events are switched off, the decision is announced by signalling the workflow the way the webhook path does.
 */
final class FakeSigningProvider implements SigningActivities {

    enum Events {
        DELIVERED,
        DUPLICATED,
        LOST
    }

    private final Map<Integer, SessionState> decisions = new ConcurrentHashMap<>();
    private final Map<Integer, SessionState> replacementDecisions = new ConcurrentHashMap<>();
    /** Every due date a session was moved to, by session. */
    final Map<String, Instant> movedDueDates = new ConcurrentHashMap<>();

    private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();
    final List<OpenSessionRequest> opened = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Every read, plain or one that keeps the document. */
    final AtomicInteger reads = new AtomicInteger();
    /** Every signed document kept, by a read or by a collection. */
    final AtomicInteger collects = new AtomicInteger();
    /** CollectSignedDocument activities only: a document the read did not keep. */
    final AtomicInteger separateCollects = new AtomicInteger();
    /** Signers whose signed document a read does not offer (the provider catching up, a failed download). */
    private final Set<Integer> documentNotOnRead = ConcurrentHashMap.newKeySet();

    final List<String> withdrawn = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Per signer: how many reads their session answers PENDING before it shows the scripted decision. */
    private final Map<Integer, Integer> pendingReads = new ConcurrentHashMap<>();

    private final Map<String, AtomicInteger> readsOf = new ConcurrentHashMap<>();
    /** Workflow time of every read, when a clock is given. */
    final List<Instant> readTimes = java.util.Collections.synchronizedList(new ArrayList<>());

    private volatile java.util.function.LongSupplier clock;
    private volatile WorkflowClient client;
    private volatile Events events = Events.DELIVERED;
    private volatile boolean refuseSessions;
    private volatile boolean refuseReads;
    private volatile boolean signedWhenWithdrawn;
    private volatile java.util.function.Consumer<SignerStep> whileCollecting = step -> {};

    /** What a replacement's session (attempt 2 and later) of this signer decides, instead of the scripted decision. */
    FakeSigningProvider replacementDecides(int signerIndex, SessionState decision) {
        replacementDecisions.put(signerIndex, decision);
        return this;
    }

    FakeSigningProvider decide(int signerIndex, SessionState decision) {
        decisions.put(signerIndex, decision);
        return this;
    }

    /** The signer decides without any event, after their session has been read {@code reads} times as pending. */
    FakeSigningProvider decideQuietlyAfterReads(int signerIndex, SessionState decision, int reads) {
        decisions.put(signerIndex, decision);
        pendingReads.put(signerIndex, reads);
        return this;
    }

    /** A read of this signer's signed session keeps no document, so the workflow collects it separately. */
    FakeSigningProvider documentNotOnRead(int signerIndex) {
        documentNotOnRead.add(signerIndex);
        return this;
    }

    /** Notes the time of each read from this clock (the test environment's). */
    FakeSigningProvider clock(java.util.function.LongSupplier millis) {
        this.clock = millis;
        return this;
    }

    FakeSigningProvider events(Events events) {
        this.events = events;
        return this;
    }

    FakeSigningProvider refuseSessions() {
        this.refuseSessions = true;
        return this;
    }

    /** Every read fails for good, as a provider answering 403 would. */
    FakeSigningProvider refuseReads() {
        this.refuseReads = true;
        return this;
    }

    /** The signer signs just before the withdrawal, which the provider then refuses, as it would for a signed one. */
    FakeSigningProvider signedWhenWithdrawn() {
        this.signedWhenWithdrawn = true;
        return this;
    }

    /** Runs inside each collection of a signed document, while the workflow waits for it. */
    FakeSigningProvider whileCollecting(java.util.function.Consumer<SignerStep> action) {
        this.whileCollecting = action;
        return this;
    }

    /** The session reaches this state, without an event (the test sends one if it wants). */
    void settle(String sessionRef, SessionState state) {
        sessions.put(sessionRef, state);
    }

    void connect(WorkflowClient client) {
        this.client = client;
    }

    @Override
    public OpenedSession openSession(OpenSessionRequest request) {
        if (refuseSessions) {
            throw ApplicationFailure.newNonRetryableFailure("the provider refused the signer", "SessionRefused");
        }
        opened.add(request);
        int attempt = request.sessionAttempt();
        String ref = "session-" + request.step().signerIndex() + (attempt == 1 ? "" : "-" + attempt);
        SessionState decision =
                attempt > 1 && replacementDecisions.containsKey(request.step().signerIndex())
                        ? replacementDecisions.get(request.step().signerIndex())
                        : decisions.getOrDefault(request.step().signerIndex(), SessionState.SIGNED);
        if (pendingReads.containsKey(request.step().signerIndex())) {
            sessions.put(ref, SessionState.PENDING);
            return new OpenedSession(ref, "https://sign.example/" + ref, request.dueAt());
        }
        sessions.put(ref, decision);
        if (decision.isFinal() && events != Events.LOST) {
            int deliveries = events == Events.DUPLICATED ? 2 : 1;
            for (int i = 0; i < deliveries; i++) {
                client.newWorkflowStub(
                                ContractWorkflow.class,
                                ContractWorkflow.workflowId(request.step().contractId()))
                        .sessionEvent(new SessionEventHint("event-" + ref, ref));
            }
        }
        return new OpenedSession(ref, "https://sign.example/" + ref, request.dueAt());
    }

    @Override
    public SessionReading readSession(SignerStep step, String sessionRef) {
        reads.incrementAndGet();
        if (refuseReads) {
            throw ApplicationFailure.newNonRetryableFailure("the provider refused to show the session", "ReadRefused");
        }
        if (clock != null) {
            readTimes.add(Instant.ofEpochMilli(clock.getAsLong()));
        }
        int index = step.signerIndex();
        Integer pending = pendingReads.get(index);
        if (pending != null
                && sessions.get(sessionRef) == SessionState.PENDING
                && readsOf.computeIfAbsent(sessionRef, r -> new AtomicInteger()).incrementAndGet() > pending) {
            sessions.put(sessionRef, decisions.get(index));
        }
        return new SessionReading(sessionRef, sessions.get(sessionRef), null);
    }

    @Override
    public SessionReading readSessionAndCollect(SignerStep step, String sessionRef) {
        SessionReading reading = readSession(step, sessionRef);
        if (reading.state() != SessionState.SIGNED || documentNotOnRead.contains(step.signerIndex())) {
            return reading;
        }
        return new SessionReading(sessionRef, SessionState.SIGNED, collect(step));
    }

    @Override
    public DocumentVersionRef collectSignedDocument(SignerStep step, String sessionRef) {
        separateCollects.incrementAndGet();
        return collect(step);
    }

    private DocumentVersionRef collect(SignerStep step) {
        collects.incrementAndGet();
        whileCollecting.accept(step);
        return new DocumentVersionRef(step.contractId(), step.signerIndex());
    }

    @Override
    public void changeSessionDueDate(SignerStep step, String sessionRef, Instant dueAt) {
        movedDueDates.put(sessionRef, dueAt);
    }

    @Override
    public void withdrawSession(SignerStep step, String sessionRef) {
        withdrawn.add(sessionRef);
        if (signedWhenWithdrawn) {
            sessions.put(sessionRef, SessionState.SIGNED);
            throw ApplicationFailure.newNonRetryableFailure("a signed session cannot be deleted", "WithdrawRefused");
        }
        sessions.put(sessionRef, SessionState.EXPIRED);
    }

    @Override
    public int withdrawLateSessions(SignerStep step, int sessionAttempt) {
        return 0; // the fake never loses an answer, so no session surfaces late
    }

    static Instant farFuture() {
        return Instant.parse("2100-01-01T00:00:00Z");
    }
}
