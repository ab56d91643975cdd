package no.signchain.workflows.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import no.signchain.workflows.signing.SessionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContractWorkflowTest {

    private static final Duration RECONCILE = Duration.ofMinutes(5);

    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private Worker worker;
    private final FakeSigningProvider provider = new FakeSigningProvider();
    private final RecordedProgress records = new RecordedProgress();
    private final FakeVersionVerifier verifier = new FakeVersionVerifier();
    private final FakeReminders reminders = new FakeReminders();

    @BeforeEach
    void startEnvironment() {
        env = TestWorkflowEnvironment.newInstance();
        env.registerSearchAttribute("ContractStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        env.registerSearchAttribute("SignerIndex", IndexedValueType.INDEXED_VALUE_TYPE_INT);
        env.registerSearchAttribute("SignerCount", IndexedValueType.INDEXED_VALUE_TYPE_INT);
        env.registerSearchAttribute("StepDeadline", IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
        env.registerSearchAttribute("BusinessRef", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        worker = env.newWorker(ContractWorkflow.TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(
                ContractActivityPolicies.workflowImplementationOptions(Duration.ofMillis(100), Duration.ofSeconds(1)),
                ContractWorkflowImpl.class);
        worker.registerActivitiesImplementations(provider, verifier, reminders, records);
        client = env.getWorkflowClient();
        provider.connect(client);
        env.start();
    }

    @AfterEach
    void stopEnvironment() {
        env.close();
    }

    @Test
    void threeSignersSignInOrderAndEachSignsThePreviousResult() {
        ContractOutcome outcome = run(plan(3));

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(outcome.finalDocument().version()).isEqualTo(3);
        assertThat(provider.opened).extracting(r -> r.step().signerIndex()).containsExactly(1, 2, 3);
        assertThat(provider.opened).extracting(r -> r.document().version()).containsExactly(0, 1, 2);
        assertThat(provider.collects).hasValue(3);
        assertThat(records.last().signers()).extracting(SignerProgress::status).containsOnly(SignerStatus.SIGNED);
        assertThat(records.last().status()).isEqualTo(ContractStatus.COMPLETED);
    }

    /**
     * The read that finds a session signed keeps its document in the same activity: a handoff schedules the read, the
     * verification and the next session, with no separate collection and no collecting phase.
     */
    @Test
    void theReadThatFindsASignatureKeepsTheDocumentWithoutASeparateCollection() {
        ContractPlan plan = plan(3);

        ContractOutcome outcome = run(plan);

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(provider.collects).hasValue(3);
        assertThat(provider.separateCollects).hasValue(0);
        assertThat(verifier.verified).extracting(DocumentVersionRef::version).containsExactly(1, 2, 3);
        assertThat(records.snapshots)
                .extracting(ContractProgress::phase)
                .doesNotContain(ContractPhase.COLLECTING_SIGNED_DOCUMENT);
        assertThat(client.fetchHistory(ContractWorkflow.workflowId(plan.contractId()))
                        .getEvents())
                .filteredOn(e -> e.hasActivityTaskScheduledEventAttributes())
                .extracting(e -> e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName())
                .containsExactly(
                        "OpenSession",
                        "ReadSessionAndCollect",
                        "VerifySignedVersion",
                        "OpenSession",
                        "ReadSessionAndCollect",
                        "VerifySignedVersion",
                        "OpenSession",
                        "ReadSessionAndCollect",
                        "VerifySignedVersion");
    }

    /** A signed session whose document the read could not keep is collected as before, and the chain goes on. */
    @Test
    void aSignedDocumentTheReadDidNotKeepIsCollectedSeparately() {
        provider.documentNotOnRead(2);

        ContractOutcome outcome = run(plan(3));

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(provider.separateCollects).hasValue(1);
        assertThat(provider.collects).hasValue(3);
        assertThat(verifier.verified).extracting(DocumentVersionRef::version).containsExactly(1, 2, 3);
        assertThat(provider.opened).extracting(r -> r.document().version()).containsExactly(0, 1, 2);
        assertThat(records.snapshots)
                .filteredOn(p -> p.phase() == ContractPhase.COLLECTING_SIGNED_DOCUMENT)
                .extracting(ContractProgress::currentSigner)
                .containsOnly(2);
    }

    @Test
    void everySignedVersionIsVerifiedBeforeTheNextSignersSessionOpens() {
        ContractOutcome outcome = run(plan(3));

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(verifier.verified).extracting(DocumentVersionRef::version).containsExactly(1, 2, 3);
    }

    @Test
    void aVersionThatFailsVerificationEndsTheContractFailedAndTheNextSignerNeverGetsASession() {
        verifier.failVersionOf(2, "signature 2 belongs to someone other than signer 2");

        ContractOutcome outcome = run(plan(3));

        assertThat(outcome.status()).isEqualTo(ContractStatus.FAILED);
        assertThat(outcome.reason()).isEqualTo("signature 2 belongs to someone other than signer 2");
        assertThat(provider.opened).extracting(r -> r.step().signerIndex()).containsExactly(1, 2);
        assertThat(records.last().signers())
                .extracting(SignerProgress::status)
                .containsExactly(SignerStatus.SIGNED, SignerStatus.FAILED, SignerStatus.SKIPPED);
        assertThat(records.last().reason()).isEqualTo("signature 2 belongs to someone other than signer 2");
    }

    @Test
    void eventsWakeTheWorkflowWithoutWaitingForTheReconcileInterval() {
        Instant start = Instant.ofEpochMilli(env.currentTimeMillis());

        run(plan(3));

        Duration elapsed = Duration.between(start, Instant.ofEpochMilli(env.currentTimeMillis()));
        assertThat(elapsed).isLessThan(RECONCILE);
        assertThat(provider.reads).hasValue(3);
    }

    @Test
    void duplicatedEventsAdvanceEachStepOnce() {
        provider.events(FakeSigningProvider.Events.DUPLICATED);

        ContractOutcome outcome = run(plan(3));

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(provider.opened).hasSize(3);
        assertThat(provider.collects).hasValue(3);
        assertThat(provider.reads).hasValue(3);
    }

    @Test
    void anEventWhileWaitingWakesTheWorkflowAtOnceAndItsRedeliveryDoesNot() throws InterruptedException {
        provider.decide(1, SessionState.PENDING).clock(env::currentTimeMillis);
        ContractPlan plan = plan(1);
        WorkflowExecution execution =
                WorkflowClient.start(client.newWorkflowStub(ContractWorkflow.class, options(plan))::run, plan, null);
        ContractWorkflow running = client.newWorkflowStub(ContractWorkflow.class, execution.getWorkflowId());
        Instant start = Instant.ofEpochMilli(env.currentTimeMillis());

        awaitReads(0); // the session is open and the workflow waits on its reconcile timer
        running.sessionEvent(new SessionEventHint("created-1", "session-1"));
        awaitReads(1);
        running.sessionEvent(new SessionEventHint("created-1", "session-1"));
        Thread.sleep(1_000); // a read the redelivery wrongly caused would have happened by now
        assertThat(provider.reads).as("the redelivered event causes no read").hasValue(1);

        provider.settle("session-1", SessionState.SIGNED);
        running.sessionEvent(new SessionEventHint("completed-1", "session-1"));
        ContractOutcome outcome =
                client.newUntypedWorkflowStub(execution.getWorkflowId()).getResult(ContractOutcome.class);

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(provider.reads).hasValue(2);
        assertThat(provider.readTimes)
                .allSatisfy(read -> assertThat(Duration.between(start, read)).isLessThan(RECONCILE));
    }

    @Test
    void aSessionThatCannotBeReadEndsTheContractFailedAndIsWithdrawn() {
        provider.decide(1, SessionState.PENDING).refuseReads();

        ContractOutcome outcome = run(plan(2));

        assertThat(outcome.status()).isEqualTo(ContractStatus.FAILED);
        assertThat(outcome.reason())
                .contains("could not follow signer 1's signing session", "the provider refused to show the session");
        assertThat(provider.withdrawn).containsExactly("session-1");
        assertThat(records.last().status()).isEqualTo(ContractStatus.FAILED);
        assertThat(records.last().signers())
                .extracting(SignerProgress::status)
                .containsExactly(SignerStatus.FAILED, SignerStatus.SKIPPED);
    }

    @Test
    void aSignatureMadeJustBeforeTheWithdrawalAtTheDeadlineCounts() {
        provider.decide(1, SessionState.PENDING)
                .events(FakeSigningProvider.Events.DELIVERED)
                .signedWhenWithdrawn();
        Instant deadline = Instant.ofEpochMilli(env.currentTimeMillis()).plus(Duration.ofHours(2));
        ContractPlan plan =
                new ContractPlan(newContractId(), 2, Arrays.asList(deadline, null), Duration.ofDays(14), RECONCILE);

        ContractOutcome outcome = run(plan);

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(provider.withdrawn).containsExactly("session-1");
        assertThat(provider.opened).extracting(r -> r.step().signerIndex()).containsExactly(1, 2);
    }

    private void awaitReads(int expected) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (provider.reads.get() < expected || (expected == 0 && provider.opened.isEmpty())) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("expected " + expected + " reads, saw " + provider.reads.get());
            }
            Thread.sleep(20);
        }
        Thread.sleep(200); // let the workflow settle into its wait
    }

    @Test
    void lostEventsAreMadeUpForByReadingTheSession() {
        provider.events(FakeSigningProvider.Events.LOST);
        Instant start = Instant.ofEpochMilli(env.currentTimeMillis());

        ContractOutcome outcome = run(plan(3));

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        Duration elapsed = Duration.between(start, Instant.ofEpochMilli(env.currentTimeMillis()));
        assertThat(elapsed).isGreaterThanOrEqualTo(RECONCILE.multipliedBy(3));
        assertThat(provider.collects).hasValue(3);
    }

    @Test
    void aRejectionEndsTheContractAndLaterSignersNeverGetASession() {
        provider.decide(2, SessionState.REJECTED);

        ContractOutcome outcome = run(plan(3));

        assertThat(outcome.status()).isEqualTo(ContractStatus.REJECTED);
        assertThat(outcome.finalDocument().version()).isEqualTo(1);
        assertThat(provider.opened).extracting(r -> r.step().signerIndex()).containsExactly(1, 2);
        assertThat(records.last().signers())
                .extracting(SignerProgress::status)
                .containsExactly(SignerStatus.SIGNED, SignerStatus.REJECTED, SignerStatus.SKIPPED);
    }

    @Test
    void aSessionThatEndsUnsignedFailsTheContract() {
        provider.decide(1, SessionState.FAILED);

        ContractOutcome outcome = run(plan(2));

        assertThat(outcome.status()).isEqualTo(ContractStatus.FAILED);
        assertThat(provider.opened).hasSize(1);
    }

    @Test
    void aSignerWhoDoesNotSignByTheDeadlineExpiresTheContractAndTheSessionIsWithdrawn() {
        provider.decide(1, SessionState.PENDING);
        Instant deadline = Instant.ofEpochMilli(env.currentTimeMillis()).plus(Duration.ofHours(2));
        ContractPlan plan =
                new ContractPlan(newContractId(), 2, Arrays.asList(deadline, null), Duration.ofDays(14), RECONCILE);

        ContractOutcome outcome = run(plan);

        assertThat(outcome.status()).isEqualTo(ContractStatus.EXPIRED);
        assertThat(provider.withdrawn).containsExactly("session-1");
        assertThat(provider.opened).hasSize(1);
        assertThat(records.last().signers())
                .extracting(SignerProgress::status)
                .containsExactly(SignerStatus.EXPIRED, SignerStatus.SKIPPED);
    }

    @Test
    void aDeadlineAlreadyPassedExpiresTheStepWithoutOpeningASession() {
        Instant past = Instant.ofEpochMilli(env.currentTimeMillis()).minus(Duration.ofMinutes(1));
        ContractPlan plan = new ContractPlan(newContractId(), 1, List.of(past), Duration.ofDays(14), RECONCILE);

        ContractOutcome outcome = run(plan);

        assertThat(outcome.status()).isEqualTo(ContractStatus.EXPIRED);
        assertThat(provider.opened).isEmpty();
    }

    @Test
    void aRefusedSessionFailsTheContractWithTheProvidersReason() {
        provider.refuseSessions();

        ContractOutcome outcome = run(plan(2));

        assertThat(outcome.status()).isEqualTo(ContractStatus.FAILED);
        assertThat(outcome.reason()).contains("the provider refused the signer");
        assertThat(records.last().signers())
                .extracting(SignerProgress::status)
                .containsExactly(SignerStatus.FAILED, SignerStatus.SKIPPED);
    }

    @Test
    void theQueryShowsTheOpenSessionWhileTheSignerDecides() {
        provider.decide(1, SessionState.PENDING);
        ContractPlan plan = plan(2);
        ContractWorkflow workflow = client.newWorkflowStub(ContractWorkflow.class, options(plan));
        WorkflowExecution execution = WorkflowClient.start(workflow::run, plan, null);

        env.sleep(Duration.ofMinutes(1));
        ContractProgress progress = client.newWorkflowStub(ContractWorkflow.class, execution.getWorkflowId())
                .progress();

        assertThat(progress.status()).isEqualTo(ContractStatus.ACTIVE);
        assertThat(progress.phase()).isEqualTo(ContractPhase.WAITING_FOR_SIGNER);
        assertThat(progress.currentSigner()).isEqualTo(1);
        assertThat(progress.signers().get(0).status()).isEqualTo(SignerStatus.READY);
        assertThat(progress.signers().get(0).signatureUrl()).isEqualTo("https://sign.example/session-1");
        assertThat(progress.signers().get(1).status()).isEqualTo(SignerStatus.WAITING);
    }

    @Test
    void operatorsCanFindAWaitingContractAndReadWhatItWaitsFor() {
        provider.decide(1, SessionState.PENDING);
        ContractPlan plan = new ContractPlan(newContractId(), 3, null, Duration.ofDays(14), RECONCILE, "loan-4711");
        WorkflowExecution execution =
                WorkflowClient.start(client.newWorkflowStub(ContractWorkflow.class, options(plan))::run, plan, null);

        env.sleep(Duration.ofMinutes(1));
        var stub = client.newUntypedWorkflowStub(execution.getWorkflowId());
        SearchAttributes attributes = stub.describe().getTypedSearchAttributes();
        String details = stub.query("__temporal_workflow_metadata", WorkflowMetadata.class)
                .getCurrentDetails();

        assertThat(attributes.get(ContractSearchAttributes.CONTRACT_STATUS)).isEqualTo("WAITING_FOR_SIGNER");
        assertThat(attributes.get(ContractSearchAttributes.SIGNER_INDEX)).isEqualTo(1L);
        assertThat(attributes.get(ContractSearchAttributes.SIGNER_COUNT)).isEqualTo(3L);
        assertThat(attributes.get(ContractSearchAttributes.BUSINESS_REF)).isEqualTo("loan-4711");
        assertThat(attributes.get(ContractSearchAttributes.STEP_DEADLINE)).isNotNull();
        assertThat(details).startsWith("waiting for signer 1 of 3 since ").contains("session session-1", "deadline ");
    }

    @Test
    void aFinishedContractShowsItsEndToOperators() {
        ContractPlan plan = new ContractPlan(newContractId(), 2, null, Duration.ofDays(14), RECONCILE, null);
        run(plan);

        SearchAttributes attributes = client.newUntypedWorkflowStub(ContractWorkflow.workflowId(plan.contractId()))
                .describe()
                .getTypedSearchAttributes();
        assertThat(attributes.get(ContractSearchAttributes.CONTRACT_STATUS)).isEqualTo("COMPLETED");
        assertThat(attributes.get(ContractSearchAttributes.SIGNER_INDEX)).isEqualTo(0L);
        assertThat(attributes.containsKey(ContractSearchAttributes.STEP_DEADLINE))
                .isFalse();
        assertThat(attributes.containsKey(ContractSearchAttributes.BUSINESS_REF))
                .isFalse();
    }

    @Test
    void theHistoryReadsAsTheStoryOfTheChain() {
        ContractPlan plan = new ContractPlan(newContractId(), 2, null, Duration.ofDays(14), RECONCILE, null);
        provider.events(FakeSigningProvider.Events.LOST);
        run(plan);

        var summaries = client.fetchHistory(ContractWorkflow.workflowId(plan.contractId())).getEvents().stream()
                .filter(e -> e.hasUserMetadata() && e.getUserMetadata().hasSummary())
                .map(e -> new String(e.getUserMetadata().getSummary().getData().toByteArray()))
                .toList();
        assertThat(summaries).anyMatch(s -> s.contains("open signer 1 of 2's signing session on document version 0"));
        assertThat(summaries).anyMatch(s -> s.contains("wait for signer 2 of 2's decision"));
        assertThat(summaries).anyMatch(s -> s.contains("read signer 2 of 2's session, keeping the document if signed"));
        assertThat(String.join(" ", summaries)).doesNotContainPattern("\\d{11}");
    }

    /**
     * Progress goes to signchain's database through a local activity (no activity task on the server's queue), and a
     * record the database refused is retried, not lost.
     */
    @Test
    void progressIsRecordedByALocalActivityAndRetriedUntilTheDatabaseAnswers() {
        records.failNext(2);
        ContractPlan plan = plan(2);

        ContractOutcome outcome = run(plan);

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(records.last().status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(records.attempts.get()).isEqualTo(records.snapshots.size() + 2);
        var events = client.fetchHistory(ContractWorkflow.workflowId(plan.contractId()))
                .getEvents();
        assertThat(events)
                .filteredOn(e -> e.hasActivityTaskScheduledEventAttributes())
                .extracting(e -> e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName())
                .isNotEmpty()
                .doesNotContain("RecordProgress");
        assertThat(events)
                .filteredOn(e -> e.hasMarkerRecordedEventAttributes()
                        && e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity"))
                .hasSize(records.snapshots.size());
    }

    /**
     * A database that stays away longer than the local activity's retries: the normal activity takes the snapshot over
     * and is retried until it is written; nothing is lost and the chain goes on.
     */
    @Test
    void aProgressRecordTheLocalActivityGaveUpOnIsRetriedAsANormalActivity() {
        records.failNext(12);
        ContractPlan plan = plan(2);

        ContractOutcome outcome = run(plan);

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(records.attempts.get()).isEqualTo(records.snapshots.size() + 12);
        assertThat(records.snapshots.getFirst().phase()).isEqualTo(ContractPhase.OPENING_SESSION);
        assertThat(records.last().status()).isEqualTo(ContractStatus.COMPLETED);
        var events = client.fetchHistory(ContractWorkflow.workflowId(plan.contractId()))
                .getEvents();
        assertThat(events)
                .filteredOn(e -> e.hasActivityTaskScheduledEventAttributes())
                .extracting(e -> e.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName())
                .containsOnlyOnce("RecordProgress");
    }

    @Test
    void aQuietSessionIsReadLessOftenUpToTheCeiling() {
        provider.events(FakeSigningProvider.Events.LOST)
                .clock(env::currentTimeMillis)
                .decideQuietlyAfterReads(1, SessionState.SIGNED, 8);
        Instant start = Instant.ofEpochMilli(env.currentTimeMillis());

        assertThat(run(plan(1)).status()).isEqualTo(ContractStatus.COMPLETED);

        List<Duration> gaps = new java.util.ArrayList<>();
        Instant previous = start;
        for (Instant read : provider.readTimes) {
            gaps.add(Duration.between(previous, read));
            previous = read;
        }
        // 5, 10, 15 (the ceiling), 15, ... minutes; the opening activity adds a little to the first.
        assertThat(gaps).hasSize(9);
        assertThat(gaps.get(0)).isBetween(RECONCILE, RECONCILE.plusSeconds(5));
        assertThat(gaps.get(1))
                .isBetween(RECONCILE.multipliedBy(2), RECONCILE.multipliedBy(2).plusSeconds(5));
        assertThat(gaps.subList(2, 9))
                .allSatisfy(gap -> assertThat(gap)
                        .isBetween(
                                ContractWorkflowImpl.RECONCILE_CEILING,
                                ContractWorkflowImpl.RECONCILE_CEILING.plusSeconds(5)));
    }

    @Test
    void aLongWaitContinuesAsANewRunWithoutOpeningTheSessionAgain() {
        // About 11 history events per quiet read: 400 reads cross HISTORY_EVENTS_PER_RUN twice.
        provider.events(FakeSigningProvider.Events.LOST).decideQuietlyAfterReads(1, SessionState.SIGNED, 400);
        ContractPlan plan = new ContractPlan(newContractId(), 2, null, Duration.ofDays(30), RECONCILE, "lease-9");
        WorkflowExecution first =
                WorkflowClient.start(client.newWorkflowStub(ContractWorkflow.class, options(plan))::run, plan, null);

        ContractOutcome outcome =
                client.newUntypedWorkflowStub(first.getWorkflowId()).getResult(ContractOutcome.class);

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(outcome.finalDocument().version()).isEqualTo(2);
        assertThat(provider.opened).extracting(r -> r.step().signerIndex()).containsExactly(1, 2);
        assertThat(provider.opened).extracting(r -> r.document().version()).containsExactly(0, 1);
        assertThat(provider.collects).hasValue(2);
        var firstRun =
                client.fetchHistory(first.getWorkflowId(), first.getRunId()).getEvents();
        assertThat(firstRun.getLast().getEventType())
                .isEqualTo(io.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
        assertThat(firstRun.size()).isLessThan(ContractWorkflowImpl.HISTORY_EVENTS_PER_RUN + 50);
        String lastRunId = client.newUntypedWorkflowStub(first.getWorkflowId())
                .describe()
                .getExecution()
                .getRunId();
        assertThat(lastRunId).isNotEqualTo(first.getRunId());
        assertThat(records.last().status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(records.last().signers()).extracting(SignerProgress::status).containsOnly(SignerStatus.SIGNED);
        assertNumberedFromOne(records.snapshots, "the new runs number their snapshots on from the first run's");
        SearchAttributes attributes =
                client.newUntypedWorkflowStub(first.getWorkflowId()).describe().getTypedSearchAttributes();
        assertThat(attributes.get(ContractSearchAttributes.BUSINESS_REF)).isEqualTo("lease-9");
    }

    @Test
    void aChainsProgressSnapshotsAreNumberedFromOneInTheOrderTheyAreRecorded() {
        ContractOutcome outcome = run(plan(3));

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertNumberedFromOne(records.snapshots, "every snapshot");
    }

    private static void assertNumberedFromOne(List<ContractProgress> snapshots, String which) {
        assertThat(snapshots)
                .as(which + " numbered 1, 2, 3, ... in order")
                .extracting(ContractProgress::sequence)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, snapshots.size()).boxed().toList());
    }

    /**
     * What CI's callbacks fault met: a provider event relayed while the task after the last verification ran, which
     * records the signer's snapshot and then the contract's end as local activities. The server refuses to complete
     * the workflow past a signal it has not handled (UnhandledCommand), and the task runs again with the signal: both
     * snapshots are written again, at the later task's time but under the numbers they had, by which the store orders
     * them.
     */
    @Test
    void anEventArrivingWhileTheContractEndsRunsTheEndingTaskAgainUnderTheSameNumbers() {
        ContractPlan plan = plan(2);
        records.whileTheEndIsWritten(
                () -> client.newWorkflowStub(ContractWorkflow.class, ContractWorkflow.workflowId(plan.contractId()))
                        .sessionEvent(new SessionEventHint("late-event", "late")));

        ContractOutcome outcome = run(plan);

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        List<ContractProgress> snapshots = records.snapshots;
        int n = snapshots.size();
        ContractProgress signed = snapshots.get(n - 4);
        ContractProgress ended = snapshots.get(n - 3);
        assertThat(ended.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(ended.sequence()).isEqualTo(signed.sequence() + 1);
        assertThat(snapshots.get(n - 2))
                .as("the signer's snapshot, written again")
                .satisfies(again -> {
                    assertThat(again.sequence()).isEqualTo(signed.sequence());
                    assertThat(again.status()).isEqualTo(ContractStatus.ACTIVE);
                    assertThat(again.updatedAt()).isAfter(signed.updatedAt());
                });
        assertThat(snapshots.get(n - 1)).as("the end, written again").satisfies(again -> {
            assertThat(again.sequence()).isEqualTo(ended.sequence());
            assertThat(again.status()).isEqualTo(ContractStatus.COMPLETED);
        });
        assertNumberedFromOne(snapshots.subList(0, n - 2), "the snapshots before the repeat");
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

    private static ContractPlan plan(int signers) {
        return new ContractPlan(newContractId(), signers, null, Duration.ofDays(14), RECONCILE);
    }

    private static String newContractId() {
        return UUID.randomUUID().toString();
    }
}
