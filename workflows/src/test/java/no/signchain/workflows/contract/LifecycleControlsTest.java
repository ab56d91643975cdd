package no.signchain.workflows.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import no.signchain.workflows.signing.SessionState;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Cancel, replace a signer, change a deadline and remind, as Temporal updates on a running contract: what each does
 * to the chain, and what each validator refuses without changing anything.
 */
class LifecycleControlsTest {

    private static final Duration RECONCILE = Duration.ofMinutes(5);

    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private final FakeSigningProvider provider = new FakeSigningProvider();
    private final RecordedProgress records = new RecordedProgress();
    private final FakeReminders reminders = new FakeReminders();

    @BeforeEach
    void startEnvironment() {
        startEnvironment(WorkerFactoryOptions.getDefaultInstance());
    }

    private void startEnvironment(WorkerFactoryOptions workers) {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(workers)
                .build());
        for (String keyword : new String[] {"ContractStatus", "BusinessRef"}) {
            env.registerSearchAttribute(keyword, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        env.registerSearchAttribute("SignerIndex", IndexedValueType.INDEXED_VALUE_TYPE_INT);
        env.registerSearchAttribute("SignerCount", IndexedValueType.INDEXED_VALUE_TYPE_INT);
        env.registerSearchAttribute("StepDeadline", IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
        Worker worker = env.newWorker(ContractWorkflow.TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(
                ContractActivityPolicies.workflowImplementationOptions(Duration.ofMillis(100), Duration.ofSeconds(1)),
                ContractWorkflowImpl.class);
        worker.registerActivitiesImplementations(provider, new FakeVersionVerifier(), reminders, records);
        client = env.getWorkflowClient();
        provider.connect(client);
        env.start();
    }

    @AfterEach
    void stopEnvironment() {
        env.close();
    }

    /** What an operator types after {@code temporal workflow update execute --input}, as the worker decodes it. */
    @Test
    void theControlsReadmeCommandsDecode() {
        assertThat(fromCli(
                        "{\"reason\":\"signed on paper instead\",\"actor\":\"operator:alice\"}", CancelContract.class))
                .isEqualTo(new CancelContract("signed on paper instead", "operator:alice"));
        assertThat(fromCli(
                        "{\"signerIndex\":2,\"deadline\":\"2026-12-24T12:00:00Z\",\"actor\":\"operator:alice\"}",
                        ChangeDeadline.class))
                .isEqualTo(new ChangeDeadline(2, Instant.parse("2026-12-24T12:00:00Z"), "operator:alice"));
        assertThat(fromCli("{\"signerIndex\":2,\"actor\":\"operator:alice\"}", RemindSigner.class))
                .isEqualTo(new RemindSigner(2, "operator:alice"));
    }

    private static <T> T fromCli(String json, Class<T> type) {
        Payload payload = Payload.newBuilder()
                .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFromUtf8(json))
                .build();
        return DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, type, type);
    }

    @Test
    void cancelWhileSignerTwoWaitsWithdrawsTheirSessionAndSignerThreeNeverGetsOne() throws Exception {
        provider.decide(2, SessionState.PENDING);
        Running contract = start(plan(3, null));
        awaitSession("session-2");

        ContractProgress after = contract.stub().cancel(new CancelContract("the tenant withdrew", "api"));

        assertThat(after.status()).isEqualTo(ContractStatus.CANCELLED);
        assertThat(after.reason()).isEqualTo("cancelled by api: the tenant withdrew");
        ContractOutcome outcome = contract.result();
        assertThat(outcome.status()).isEqualTo(ContractStatus.CANCELLED);
        assertThat(provider.withdrawn).containsExactly("session-2");
        assertThat(provider.opened).extracting(r -> r.step().signerIndex()).containsExactly(1, 2);
        assertThat(records.last().signers())
                .extracting(SignerProgress::status)
                .containsExactly(SignerStatus.SIGNED, SignerStatus.SKIPPED, SignerStatus.SKIPPED);
        // The run has ended: Temporal itself refuses updates to a closed workflow (the API answers 409).
        assertThatThrownBy(() -> contract.stub().cancel(new CancelContract("again", "api")))
                .isInstanceOf(io.temporal.client.WorkflowNotFoundException.class);
    }

    @Test
    void replacingTheCurrentSignerOpensASessionForTheReplacementOnTheSameVersion() throws Exception {
        provider.decide(2, SessionState.PENDING).replacementDecides(2, SessionState.SIGNED);
        Running contract = start(plan(3, null));
        awaitSession("session-2");

        contract.stub().replaceSigner(new ReplaceSigner(2, "replacement-1", "api"));

        assertThat(contract.result().status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(records.replacements).containsExactly("2/replacement-1");
        assertThat(provider.withdrawn).containsExactly("session-2");
        assertThat(provider.opened)
                .extracting(r -> r.step().signerIndex() + "/" + r.sessionAttempt() + "@v"
                        + r.document().version())
                .containsExactly("1/1@v0", "2/1@v1", "2/2@v1", "3/1@v2");
    }

    /**
     * The validator saw signer 1 still open, but their signature was read first: the replacement reaches the chain
     * after they signed, and must be refused rather than put a new person in a signed signer's place.
     */
    @Test
    void aReplacementThatArrivesWhileTheSignedDocumentIsCollectedIsRefused() throws Exception {
        AtomicReference<WorkflowUpdateHandle<ContractProgress>> late = new AtomicReference<>();
        AtomicReference<String> workflowId = new AtomicReference<>();
        provider.decide(2, SessionState.PENDING).whileCollecting(step -> {
            if (step.signerIndex() == 1 && late.get() == null) {
                late.set(client.newUntypedWorkflowStub(workflowId.get())
                        .startUpdate(
                                "replaceSigner",
                                WorkflowUpdateStage.ACCEPTED,
                                ContractProgress.class,
                                new ReplaceSigner(1, "late-1", "api")));
            }
        });
        ContractPlan plan = plan(2, null);
        workflowId.set(ContractWorkflow.workflowId(plan.contractId()));
        Running contract = start(plan);
        awaitSession("session-2");

        assertRefused(
                "signer 1 decided (SIGNED) before the replacement could apply",
                LifecycleControls.CONFLICT,
                () -> late.get().getResult());
        assertThat(records.replacements).isEmpty();
        assertThat(provider.opened).extracting(r -> r.step().signerIndex()).containsExactly(1, 2);
        contract.stub().cancel(new CancelContract("done testing", "api"));
    }

    /** The Web UI's "Request Cancellation" must not leave the provider's session open and the contract ACTIVE. */
    @Test
    void aCancellationRequestInTemporalCancelsTheContract() throws Exception {
        provider.decide(2, SessionState.PENDING);
        Running contract = start(plan(3, null));
        awaitSession("session-2");

        client.newUntypedWorkflowStub(contract.workflowId()).cancel();

        // The Java SDK closes a workflow whose cancellation was requested as cancelled, whatever it returns
        // (sdk-java#896); the contract's own ending runs first.
        assertThatThrownBy(contract::result)
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(CanceledFailure.class);
        assertThat(records.last().reason()).isEqualTo("cancelled in Temporal (a workflow cancellation request)");
        assertThat(provider.withdrawn).containsExactly("session-2");
        assertThat(provider.opened).extracting(r -> r.step().signerIndex()).containsExactly(1, 2);
        assertThat(records.last().status()).isEqualTo(ContractStatus.CANCELLED);
        assertThat(records.last().signers())
                .extracting(SignerProgress::status)
                .containsExactly(SignerStatus.SIGNED, SignerStatus.SKIPPED, SignerStatus.SKIPPED);
    }

    @Test
    void operatorsSeeWhatTheLastControlDidAndWhoAsked() throws Exception {
        provider.decide(2, SessionState.PENDING).replacementDecides(2, SessionState.PENDING);
        Running contract = start(plan(3, null));
        awaitSession("session-2");

        contract.stub().replaceSigner(new ReplaceSigner(2, "replacement-1", "operator:alice"));

        assertThat(currentDetails(contract))
                .startsWith("waiting for signer 2 of 3")
                .endsWith("; last control: signer 2 replaced by operator:alice");
        contract.stub().cancel(new CancelContract("signed on paper", "api"));
        assertThat(currentDetails(contract)).startsWith("cancelled: cancelled by api: signed on paper");
    }

    @Test
    void aReasonOrActorThatCouldCarryAnIdentityNumberIsRefused() throws Exception {
        provider.decide(1, SessionState.PENDING);
        Running contract = start(plan(1, null));
        awaitSession("session-1");

        assertRefused(
                "must not contain a national identity number",
                LifecycleControls.INVALID,
                () -> contract.stub().cancel(new CancelContract("wrong person 06046517928", "api")));
        assertRefused(
                "say who asks",
                LifecycleControls.INVALID,
                () -> contract.stub().cancel(new CancelContract("no actor", " ")));
        assertRefused(
                "must not contain a national identity number",
                LifecycleControls.INVALID,
                () -> contract.stub().remind(new RemindSigner(1, "operator:06046517928")));
        assertThat(contract.stub().progress().status()).isEqualTo(ContractStatus.ACTIVE);
        contract.stub().cancel(new CancelContract("done testing", "api"));
    }

    private static String currentDetails(Running contract) {
        return contract.client()
                .newUntypedWorkflowStub(contract.workflowId())
                .query("__temporal_workflow_metadata", WorkflowMetadata.class)
                .getCurrentDetails();
    }

    @Test
    void replacingALaterSignerChangesWhoSignsThatStep() throws Exception {
        provider.decide(1, SessionState.PENDING);
        Running contract = start(plan(2, null));
        awaitSession("session-1");

        contract.stub().replaceSigner(new ReplaceSigner(2, "replacement-2", "operator:alice"));
        provider.settle("session-1", SessionState.SIGNED);
        contract.stub().sessionEvent(new SessionEventHint("signed-1", "session-1"));

        assertThat(contract.result().status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(records.replacements).containsExactly("2/replacement-2");
        assertThat(provider.withdrawn).isEmpty();
    }

    @Test
    void aSignerWhoSignedCannotBeReplacedOrGivenANewDeadline() throws Exception {
        provider.decide(2, SessionState.PENDING);
        Running contract = start(plan(2, null));
        awaitSession("session-2");

        assertRefused(
                "signer 1 is SIGNED",
                LifecycleControls.CONFLICT,
                () -> contract.stub().replaceSigner(new ReplaceSigner(1, "replacement-1", "api")));
        assertRefused(
                "signer 1 is SIGNED",
                LifecycleControls.CONFLICT,
                () -> contract.stub().changeDeadline(new ChangeDeadline(1, now().plus(Duration.ofDays(3)), "api")));
        assertRefused(
                "no signer 3",
                LifecycleControls.INVALID,
                () -> contract.stub().replaceSigner(new ReplaceSigner(3, "replacement-3", "api")));
        assertThat(records.replacements).isEmpty();
    }

    @Test
    void aNewDeadlineMovesTheOpenSessionAndTheWorkflowsDeadlineFollows() throws Exception {
        provider.decide(1, SessionState.PENDING);
        Running contract = start(plan(1, null));
        awaitSession("session-1");
        Instant sooner = now().plus(Duration.ofHours(2));

        ContractProgress after = contract.stub().changeDeadline(new ChangeDeadline(1, sooner, "api"));

        assertThat(after.signers().getFirst().dueAt()).isEqualTo(sooner);
        assertThat(provider.movedDueDates).containsEntry("session-1", sooner);
        ContractOutcome outcome = contract.result();
        assertThat(outcome.status()).isEqualTo(ContractStatus.EXPIRED);
        assertThat(records.last().signers().getFirst().finishedAt())
                .isBetween(sooner, sooner.plus(RECONCILE.multipliedBy(2)));
    }

    @Test
    void aDeadlineOutsideTheWindowIsRefused() throws Exception {
        provider.decide(1, SessionState.PENDING);
        Running contract = start(plan(1, null));
        awaitSession("session-1");

        assertRefused(
                "in the future",
                LifecycleControls.INVALID,
                () -> contract.stub().changeDeadline(new ChangeDeadline(1, now().minus(Duration.ofMinutes(1)), "api")));
        assertRefused(
                "at most 45 days",
                LifecycleControls.INVALID,
                () -> contract.stub().changeDeadline(new ChangeDeadline(1, now().plus(Duration.ofDays(46)), "api")));
        assertThat(provider.movedDueDates).isEmpty();
        contract.stub().cancel(new CancelContract("done testing", "api"));
    }

    /**
     * A reminder wakes the wait for signer 1 before its timer fires, so the timer is cancelled, and the contract waits
     * again. That expected failure of the cancelled timer must not be logged as ignored when the contract leaves the
     * worker's cache: with 10,000 waiting contracts it was ~43,000 WARN lines per worker, hiding what an operator
     * should see.
     */
    @Test
    void aWaitWokenBeforeItsTimerLeavesNoIgnoredFailureInTheLog() throws Exception {
        env.close();
        // A cache of one: the second contract's first workflow task evicts the first contract, and the eviction logs
        // on that task's thread, before the second contract's session opens.
        startEnvironment(
                WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(1).build());
        Logger runner = (Logger) LoggerFactory.getLogger("io.temporal.internal.sync.DeterministicRunnerImpl");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        runner.addAppender(logged);
        try {
            provider.decide(1, SessionState.PENDING);
            Running first = start(plan(1, null));
            awaitSession("session-1");
            first.stub().remind(new RemindSigner(1, "api"));
            // The timer's cancellation is confirmed, and its promise fails, in the next workflow task.
            assertThat(first.stub().progress().status()).isEqualTo(ContractStatus.ACTIVE);
            assertThat(reminders.sent).containsExactly("1/api");

            start(plan(1, null));
            awaitSessions(2);
        } finally {
            runner.detachAppender(logged);
        }
        assertThat(logged.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains("never accessed"));
    }

    @Test
    void aLaterSignersMovedDeadlineIsTheirSessionsDueDate() throws Exception {
        provider.decide(1, SessionState.PENDING);
        Running contract = start(plan(2, null));
        awaitSession("session-1");
        Instant later = now().plus(Duration.ofDays(20));

        contract.stub().changeDeadline(new ChangeDeadline(2, later, "api"));
        provider.settle("session-1", SessionState.SIGNED);
        contract.stub().sessionEvent(new SessionEventHint("signed-1", "session-1"));

        assertThat(contract.result().status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(provider.opened.get(1).dueAt()).isEqualTo(later);
    }

    @Test
    void onlyTheSignerWhoseTurnItIsCanBeReminded() throws Exception {
        provider.decide(2, SessionState.PENDING);
        Running contract = start(plan(3, null));
        awaitSession("session-2");

        contract.stub().remind(new RemindSigner(2, "api"));

        assertThat(reminders.sent).containsExactly("2/api");
        assertRefused(
                "only the signer whose turn it is",
                LifecycleControls.CONFLICT,
                () -> contract.stub().remind(new RemindSigner(3, "api")));
        assertRefused(
                "only the signer whose turn it is",
                LifecycleControls.CONFLICT,
                () -> contract.stub().remind(new RemindSigner(1, "api")));
        contract.stub().cancel(new CancelContract("done testing", "api"));
    }

    @Test
    void aQuietSignerIsRemindedOnScheduleAtMostMaxTimes() throws Exception {
        provider.decide(1, SessionState.PENDING);
        Running contract = start(plan(1, new ReminderSchedule(Duration.ofDays(2), Duration.ofDays(3), 2)));

        ContractOutcome outcome = contract.result(); // the default 14-day period runs out

        assertThat(outcome.status()).isEqualTo(ContractStatus.EXPIRED);
        assertThat(reminders.sent).containsExactly("1/schedule", "1/schedule");
    }

    // ------------------------------------------------------------------------------------------------------------

    private record Running(ContractWorkflow stub, String workflowId, WorkflowClient client) {
        ContractOutcome result() {
            return client.newUntypedWorkflowStub(workflowId).getResult(ContractOutcome.class);
        }
    }

    private Running start(ContractPlan plan) {
        String workflowId = ContractWorkflow.workflowId(plan.contractId());
        WorkflowClient.start(
                client.newWorkflowStub(
                        ContractWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(workflowId)
                                .setTaskQueue(ContractWorkflow.TASK_QUEUE)
                                .build())::run,
                plan,
                null);
        return new Running(client.newWorkflowStub(ContractWorkflow.class, workflowId), workflowId, client);
    }

    private void awaitSessions(int count) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (provider.opened.size() < count) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("fewer than " + count + " sessions opened");
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the session is open and the workflow waits on it. */
    private void awaitSession(String sessionRef) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (provider.opened.stream().noneMatch(r -> ("session-" + r.step().signerIndex()).equals(sessionRef))) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("no session " + sessionRef + " opened");
            }
            Thread.sleep(20);
        }
        Thread.sleep(300);
    }

    private static void assertRefused(String message, String type, ThrowableAssert.ThrowingCallable update) {
        assertThatThrownBy(update)
                .isInstanceOf(WorkflowUpdateException.class)
                .cause()
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(type);
                    assertThat(failure.getOriginalMessage()).contains(message);
                });
    }

    private Instant now() {
        return Instant.ofEpochMilli(env.currentTimeMillis());
    }

    private static ContractPlan plan(int signers, ReminderSchedule reminders) {
        return new ContractPlan(
                UUID.randomUUID().toString(), signers, null, Duration.ofDays(14), RECONCILE, "ref", reminders);
    }
}
