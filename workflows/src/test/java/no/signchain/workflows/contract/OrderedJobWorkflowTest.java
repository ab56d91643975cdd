package no.signchain.workflows.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import no.signchain.workflows.job.JobOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A contract at a provider that orders signers itself: one job, progress from routed status changes. */
class OrderedJobWorkflowTest {

    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private final FakeSigningProvider sessions = new FakeSigningProvider();
    private final FakeOrderedJobs jobs = new FakeOrderedJobs();
    private final RecordedProgress records = new RecordedProgress();
    private final FakeVersionVerifier verifier = new FakeVersionVerifier();

    @BeforeEach
    void startEnvironment() {
        env = TestWorkflowEnvironment.newInstance();
        env.registerSearchAttribute("ContractStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        env.registerSearchAttribute("SignerIndex", IndexedValueType.INDEXED_VALUE_TYPE_INT);
        env.registerSearchAttribute("SignerCount", IndexedValueType.INDEXED_VALUE_TYPE_INT);
        env.registerSearchAttribute("StepDeadline", IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
        env.registerSearchAttribute("BusinessRef", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        Worker worker = env.newWorker(ContractWorkflow.TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(
                ContractActivityPolicies.workflowImplementationOptions(Duration.ofMillis(100), Duration.ofSeconds(1)),
                ContractWorkflowImpl.class);
        worker.registerActivitiesImplementations(sessions, jobs, verifier, new FakeReminders(), records);
        client = env.getWorkflowClient();
        sessions.connect(client);
        jobs.connect(client);
        env.start();
    }

    @AfterEach
    void stopEnvironment() {
        env.close();
    }

    @Test
    void threeSignersSignInOneJobAndEachSignatureIsVerifiedInOrder() {
        ContractPlan plan = plan(3, null);

        ContractOutcome outcome = run(plan);

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(outcome.finalDocument().version()).isEqualTo(3);
        assertThat(jobs.created).extracting(JobOrder::signerCount).containsExactly(3);
        assertThat(jobs.created.getFirst().document().version()).isZero();
        assertThat(sessions.opened).as("no session per signer").isEmpty();
        assertThat(jobs.collects).hasValue(1);
        assertThat(verifier.verified).extracting(DocumentVersionRef::version).containsExactly(1, 2, 3);
        assertThat(records.last().signers()).extracting(SignerProgress::status).containsOnly(SignerStatus.SIGNED);
        assertThat(records.last().status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(jobs.cancelled).isEmpty();
    }

    @Test
    void progressShowsEachSignersTurnAsTheProviderOpensIt() {
        ContractPlan plan = plan(3, null);

        run(plan);

        // A snapshot with signer 1 signed and signer 2's turn open, from the first status change.
        assertThat(records.snapshots)
                .anySatisfy(p -> assertThat(p.signers())
                        .extracting(SignerProgress::status)
                        .containsExactly(SignerStatus.SIGNED, SignerStatus.READY, SignerStatus.WAITING));
    }

    @Test
    void aRejectionBySigner2EndsTheContractRejectedAndSigner3IsSkipped() {
        jobs.rejectedBy(2);

        ContractOutcome outcome = run(plan(3, null));

        assertThat(outcome.status()).isEqualTo(ContractStatus.REJECTED);
        assertThat(outcome.reason()).isEqualTo("signer 2 rejected");
        assertThat(records.last().signers())
                .extracting(SignerProgress::status)
                .containsExactly(SignerStatus.SIGNED, SignerStatus.REJECTED, SignerStatus.SKIPPED);
        assertThat(jobs.collects).hasValue(0);
        assertThat(verifier.verified).isEmpty();
    }

    @Test
    void aChangeDeliveredTwiceIsAppliedOnce() {
        jobs.duplicated();

        ContractOutcome outcome = run(plan(3, null));

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(jobs.collects).hasValue(1);
        assertThat(verifier.verified).hasSize(3);
    }

    @Test
    void cancellingTheContractCancelsTheJob() {
        jobs.signUpTo(1);
        ContractPlan plan = plan(3, null);
        ContractWorkflow running = start(plan);
        awaitSigner(running, 2);

        running.cancel(new CancelContract("the tenant withdrew", "api"));
        ContractOutcome outcome = result(plan);

        assertThat(outcome.status()).isEqualTo(ContractStatus.CANCELLED);
        assertThat(jobs.cancelled).containsExactly("job-1");
        assertThat(records.last().signers())
                .extracting(SignerProgress::status)
                .containsExactly(SignerStatus.SIGNED, SignerStatus.SKIPPED, SignerStatus.SKIPPED);
    }

    /** The Web UI's "Request Cancellation" must not leave the provider's job running and the contract ACTIVE. */
    @Test
    void aCancellationRequestInTemporalCancelsTheJob() {
        jobs.signUpTo(1);
        ContractPlan plan = plan(3, null);
        ContractWorkflow running = start(plan);
        awaitSigner(running, 2);

        client.newUntypedWorkflowStub(ContractWorkflow.workflowId(plan.contractId()))
                .cancel();

        // The Java SDK closes a workflow whose cancellation was requested as cancelled, whatever it returns
        // (sdk-java#896); the contract's own ending runs first.
        assertThatThrownBy(() -> result(plan))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(CanceledFailure.class);
        assertThat(jobs.cancelled).containsExactly("job-1");
        assertThat(records.last().status()).isEqualTo(ContractStatus.CANCELLED);
        assertThat(records.last().reason()).isEqualTo("cancelled in Temporal (a workflow cancellation request)");
        assertThat(records.last().signers())
                .extracting(SignerProgress::status)
                .containsExactly(SignerStatus.SIGNED, SignerStatus.SKIPPED, SignerStatus.SKIPPED);
    }

    @Test
    void aCancellationAfterTheJobEndedAtTheProviderIsRefused() {
        jobs.signUpTo(0).cancelRefused();
        ContractPlan plan = plan(2, null);
        ContractWorkflow running = start(plan);
        awaitSigner(running, 1);

        assertThatThrownBy(() -> running.cancel(new CancelContract("too late", "api")))
                .isInstanceOf(WorkflowUpdateException.class)
                .rootCause()
                .hasMessageContaining("the job had ended at the provider before the cancellation");
        assertThat(jobs.cancelled).containsExactly("job-1");
        assertThat(running.progress().status()).isEqualTo(ContractStatus.ACTIVE);
    }

    @Test
    void otherControlsAreRefusedForAJob() {
        jobs.signUpTo(0);
        ContractPlan plan = plan(2, null);
        ContractWorkflow running = start(plan);
        awaitSigner(running, 1);

        assertThatThrownBy(() -> running.remind(new RemindSigner(1, "api")))
                .isInstanceOf(WorkflowUpdateException.class)
                .rootCause()
                .hasMessageContaining("provider that orders signers itself");
    }

    @Test
    void theDeadlineCancelsTheJobAndExpiresTheContract() {
        jobs.signUpTo(1);

        ContractOutcome outcome = run(plan(2, Duration.ofHours(2)));

        assertThat(outcome.status()).isEqualTo(ContractStatus.EXPIRED);
        assertThat(jobs.cancelled).containsExactly("job-1");
        assertThat(records.last().signers())
                .extracting(SignerProgress::status)
                .containsExactly(SignerStatus.SIGNED, SignerStatus.EXPIRED);
    }

    @Test
    void theJobHasTheEarliestSignerDeadline() {
        ContractPlan plan = plan(2, Duration.ofHours(2));

        run(plan);

        assertThat(jobs.created.getFirst().availableUntil()).isEqualTo(plan.deadlineOf(1));
    }

    @Test
    void aChainPlanStillOpensOneSessionPerSigner() {
        ContractPlan chain = new ContractPlan(newContractId(), 2, null, Duration.ofDays(14), Duration.ofMinutes(5));

        ContractOutcome outcome = run(chain);

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(jobs.created).isEmpty();
        assertThat(sessions.opened).hasSize(2);
    }

    private void awaitSigner(ContractWorkflow running, int signer) {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (running.progress().currentSigner() != signer
                || running.progress().phase() != ContractPhase.WAITING_FOR_SIGNER) {
            if (System.nanoTime() > until) {
                throw new AssertionError("signer " + signer + "'s turn never came: " + running.progress());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private ContractWorkflow start(ContractPlan plan) {
        WorkflowClient.start(client.newWorkflowStub(ContractWorkflow.class, options(plan))::run, plan, null);
        return client.newWorkflowStub(ContractWorkflow.class, ContractWorkflow.workflowId(plan.contractId()));
    }

    private ContractOutcome result(ContractPlan plan) {
        return client.newUntypedWorkflowStub(ContractWorkflow.workflowId(plan.contractId()))
                .getResult(ContractOutcome.class);
    }

    private ContractOutcome run(ContractPlan plan) {
        return client.newWorkflowStub(ContractWorkflow.class, options(plan)).run(plan, null);
    }

    private static WorkflowOptions options(ContractPlan plan) {
        return WorkflowOptions.newBuilder()
                .setWorkflowId(ContractWorkflow.workflowId(plan.contractId()))
                .setTaskQueue(ContractWorkflow.TASK_QUEUE)
                .build();
    }

    private ContractPlan plan(int signers, Duration firstSignerDeadline) {
        List<Instant> deadlines = null;
        if (firstSignerDeadline != null) {
            deadlines = new ArrayList<>(Collections.nCopies(signers, (Instant) null));
            deadlines.set(0, Instant.ofEpochMilli(env.currentTimeMillis()).plus(firstSignerDeadline));
        }
        return new ContractPlan(
                newContractId(),
                signers,
                deadlines,
                Duration.ofDays(14),
                Duration.ofMinutes(5),
                null,
                null,
                SigningMode.ORDERED_JOB);
    }

    private static String newContractId() {
        return UUID.randomUUID().toString();
    }
}
