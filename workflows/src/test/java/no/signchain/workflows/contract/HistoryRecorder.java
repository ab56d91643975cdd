package no.signchain.workflows.contract;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import no.signchain.workflows.signing.SessionState;

/**
 * Records the histories {@link ContractWorkflowReplayTest} replays. Files of earlier versions stay: they stand for
 * contracts started by earlier code. (v1: before search attributes; v2: {@code operator-search-attributes} = 1;
 * v3: {@code timeline-summaries} = 1; v4: {@code bounded-history} and {@code session-endings} = 1, with the last run
 * of a contract that continued as new, a deadline withdrawal, and an event arriving during a wait; v5:
 * {@code verify-each-version} = 1, the v4 scenarios again plus a version that fails verification; v6:
 * {@code lifecycle-controls} = 1, the v5 scenarios again plus a cancellation, a cancellation requested in Temporal,
 * a replaced signer, and a moved deadline with reminders on request and on schedule; v7:
 * {@code local-progress-records} = 1, the v6 scenarios again with progress recorded by a local activity, and a
 * record the normal activity took over when the local one gave up; v8: {@code ordered-jobs} = 1, contracts at a provider
 * that orders signers itself: one job completed, a rejection by signer 2 with every change delivered twice, a
 * cancellation and an expiry; chains are unchanged by v8; v9: {@code collect-on-read} = 1, the v7 chain scenarios again
 * with the signed document kept by the read, and a signed document the read did not keep, collected separately.) Run it when a workflow change is meant to
 * become the new baseline (after adding a {@code Workflow.getVersion} branch), never to paper over a failing
 * replay. From the repository root:
 * <pre>
 * ./mvnw -pl workflows test-compile dependency:build-classpath -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -cp workflows/target/test-classes:workflows/target/classes:$(cat workflows/target/test.cp) \
 *     no.signchain.workflows.contract.HistoryRecorder workflows/src/test/resources/histories
 * </pre>
 * A second argument {@code ordered-jobs} records only the v8 ordered-job files, {@code chains} only the chains' (v9).
 */
public final class HistoryRecorder {

    /** Runs the contract to its end once the worker is up; the default just waits for the result. */
    private interface Driver {
        void drive(WorkflowClient client, ContractWorkflow stub, ContractPlan plan, FakeSigningProvider provider)
                throws Exception;
    }

    /** Drives a contract at a provider that orders signers itself. */
    private interface JobDriver {
        void drive(WorkflowClient client, ContractWorkflow stub, ContractPlan plan) throws Exception;
    }

    private static final Driver TO_THE_END = (client, stub, plan, provider) -> stub.run(plan, null);

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "workflows/src/test/resources/histories");
        Files.createDirectories(target);
        String only = args.length > 1 ? args[1] : "";
        if (!only.equals("chains")) {
            recordOrderedJobs(target);
        }
        if (only.equals("ordered-jobs")) {
            return;
        }
        record(
                target.resolve("contract-v9-three-signers-completed.json"),
                new FakeSigningProvider(),
                3,
                FakeSigningProvider.Events.DELIVERED,
                null,
                TO_THE_END);
        record(
                target.resolve("contract-v9-second-signer-rejects.json"),
                new FakeSigningProvider().decide(2, SessionState.REJECTED),
                3,
                FakeSigningProvider.Events.DUPLICATED,
                null,
                TO_THE_END);
        record(
                target.resolve("contract-v9-document-collected-separately.json"),
                new FakeSigningProvider().documentNotOnRead(2),
                3,
                FakeSigningProvider.Events.DELIVERED,
                null,
                TO_THE_END);
        record(
                target.resolve("contract-v9-events-lost.json"),
                new FakeSigningProvider(),
                2,
                FakeSigningProvider.Events.LOST,
                null,
                TO_THE_END);
        // The first run continues as new after about 180 quiet reads; the recorded (last) run resumes the wait,
        // reads a few times more and goes on to signer 2.
        record(
                target.resolve("contract-v9-resumed-after-continue-as-new.json"),
                new FakeSigningProvider().decideQuietlyAfterReads(1, SessionState.SIGNED, 190),
                2,
                FakeSigningProvider.Events.LOST,
                null,
                TO_THE_END);
        // Version 2 fails verification: the contract ends FAILED and signer 3 never gets a session.
        record(
                target.resolve("contract-v9-second-version-fails-verification.json"),
                new FakeSigningProvider(),
                new FakeVersionVerifier().failVersionOf(2, "signature 2 belongs to someone other than signer 2"),
                3,
                FakeSigningProvider.Events.DELIVERED,
                null,
                TO_THE_END);
        // Signer 1 never decides: at the deadline the session is withdrawn and read once more.
        record(
                target.resolve("contract-v9-deadline-withdrawn.json"),
                new FakeSigningProvider().decide(1, SessionState.PENDING),
                2,
                FakeSigningProvider.Events.DELIVERED,
                Duration.ofHours(2),
                TO_THE_END);
        // An event arrives while the reconcile timer runs (the timer is cancelled), then the same event again.
        record(
                target.resolve("contract-v9-event-while-waiting.json"),
                new FakeSigningProvider().decide(1, SessionState.PENDING),
                1,
                FakeSigningProvider.Events.DELIVERED,
                null,
                (client, stub, plan, provider) -> {
                    WorkflowClient.start(stub::run, plan, null);
                    ContractWorkflow running = client.newWorkflowStub(
                            ContractWorkflow.class, ContractWorkflow.workflowId(plan.contractId()));
                    while (provider.opened.isEmpty()) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(300);
                    running.sessionEvent(new SessionEventHint("created-1", "session-1"));
                    Thread.sleep(300);
                    running.sessionEvent(new SessionEventHint("created-1", "session-1"));
                    Thread.sleep(300);
                    provider.settle("session-1", SessionState.SIGNED);
                    running.sessionEvent(new SessionEventHint("completed-1", "session-1"));
                    client.newUntypedWorkflowStub(ContractWorkflow.workflowId(plan.contractId()))
                            .getResult(ContractOutcome.class);
                });
        // Signer 1 takes over a day, without events: reminded on schedule after one day, then signs.
        record(
                target.resolve("contract-v9-reminded-on-schedule.json"),
                new FakeSigningProvider().decideQuietlyAfterReads(1, SessionState.SIGNED, 120),
                1,
                FakeSigningProvider.Events.LOST,
                null,
                TO_THE_END);
        // Signer 2's session is open when the contract is cancelled: withdrawn, no session for signer 3.
        record(
                target.resolve("contract-v9-cancelled-while-signer-2-waits.json"),
                new FakeSigningProvider().decide(2, SessionState.PENDING),
                3,
                FakeSigningProvider.Events.DELIVERED,
                null,
                (client, stub, plan, provider) -> {
                    ContractWorkflow running = startAndAwaitSession(client, stub, plan, provider, 2);
                    running.cancel(new CancelContract("the tenant withdrew", "api"));
                    client.newUntypedWorkflowStub(ContractWorkflow.workflowId(plan.contractId()))
                            .getResult(ContractOutcome.class);
                });
        // An operator presses "Request Cancellation" in the Web UI while signer 2's session is open.
        record(
                target.resolve("contract-v9-cancelled-in-temporal.json"),
                new FakeSigningProvider().decide(2, SessionState.PENDING),
                3,
                FakeSigningProvider.Events.DELIVERED,
                null,
                (client, stub, plan, provider) -> {
                    startAndAwaitSession(client, stub, plan, provider, 2);
                    var workflow = client.newUntypedWorkflowStub(ContractWorkflow.workflowId(plan.contractId()));
                    workflow.cancel();
                    try {
                        workflow.getResult(ContractOutcome.class);
                    } catch (io.temporal.client.WorkflowFailedException closedAsCancelled) {
                        // expected: the SDK closes a workflow whose cancellation was requested as cancelled
                    }
                });
        // Signer 2 is replaced while their session is open; the replacement signs, then signer 3.
        record(
                target.resolve("contract-v9-signer-2-replaced.json"),
                new FakeSigningProvider().decide(2, SessionState.PENDING).replacementDecides(2, SessionState.SIGNED),
                3,
                FakeSigningProvider.Events.DELIVERED,
                null,
                (client, stub, plan, provider) -> {
                    ContractWorkflow running = startAndAwaitSession(client, stub, plan, provider, 2);
                    running.replaceSigner(new ReplaceSigner(2, "replacement-1", "api"));
                    client.newUntypedWorkflowStub(ContractWorkflow.workflowId(plan.contractId()))
                            .getResult(ContractOutcome.class);
                });
        // The database does not answer the first progress record for longer than the local activity retries: the
        // normal activity takes it over.
        record(
                target.resolve("contract-v9-progress-record-taken-over.json"),
                new FakeSigningProvider(),
                new FakeVersionVerifier(),
                new RecordedProgress().failNext(12),
                2,
                FakeSigningProvider.Events.DELIVERED,
                null,
                TO_THE_END);
        // Signer 1's deadline moves, they are reminded on request and on schedule, and sign.
        record(
                target.resolve("contract-v9-deadline-moved-and-reminded.json"),
                new FakeSigningProvider().decide(1, SessionState.PENDING),
                1,
                FakeSigningProvider.Events.DELIVERED,
                null,
                (client, stub, plan, provider) -> {
                    ContractWorkflow running = startAndAwaitSession(client, stub, plan, provider, 1);
                    running.changeDeadline(new ChangeDeadline(
                            1, provider.opened.getFirst().dueAt().minus(Duration.ofDays(7)), "operator:alice"));
                    running.remind(new RemindSigner(1, "api"));
                    provider.settle("session-1", SessionState.SIGNED);
                    running.sessionEvent(new SessionEventHint("completed-1", "session-1"));
                    client.newUntypedWorkflowStub(ContractWorkflow.workflowId(plan.contractId()))
                            .getResult(ContractOutcome.class);
                });
    }

    private static void recordOrderedJobs(Path target) throws Exception {
        JobDriver toTheEnd = (client, stub, plan) -> stub.run(plan, null);
        recordJob(
                target.resolve("contract-v8-ordered-job-three-signers-completed.json"),
                new FakeOrderedJobs(),
                3,
                null,
                toTheEnd);
        recordJob(
                target.resolve("contract-v8-ordered-job-second-signer-rejects.json"),
                new FakeOrderedJobs().rejectedBy(2).duplicated(),
                3,
                null,
                toTheEnd);
        // Signer 1 has signed and signer 2's turn is open when the contract is cancelled: the job is cancelled.
        recordJob(
                target.resolve("contract-v8-ordered-job-cancelled-while-signer-2-waits.json"),
                new FakeOrderedJobs().signUpTo(1),
                3,
                null,
                (client, stub, plan) -> {
                    WorkflowClient.start(stub::run, plan, null);
                    ContractWorkflow running = client.newWorkflowStub(
                            ContractWorkflow.class, ContractWorkflow.workflowId(plan.contractId()));
                    while (running.progress().currentSigner() != 2) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(300);
                    running.cancel(new CancelContract("the tenant withdrew", "api"));
                    client.newUntypedWorkflowStub(ContractWorkflow.workflowId(plan.contractId()))
                            .getResult(ContractOutcome.class);
                });
        // Signer 2 never signs: at the job's deadline the job is cancelled and the contract expires.
        recordJob(
                target.resolve("contract-v8-ordered-job-deadline-expired.json"),
                new FakeOrderedJobs().signUpTo(1),
                2,
                Duration.ofHours(2),
                toTheEnd);
    }

    private static void recordJob(
            Path file, FakeOrderedJobs jobs, int signers, Duration firstSignerDeadline, JobDriver driver)
            throws Exception {
        record(
                file,
                new FakeSigningProvider(),
                jobs,
                new FakeVersionVerifier(),
                new RecordedProgress(),
                signers,
                FakeSigningProvider.Events.DELIVERED,
                firstSignerDeadline,
                SigningMode.ORDERED_JOB,
                (client, stub, plan, provider) -> driver.drive(client, stub, plan));
    }

    private static ContractWorkflow startAndAwaitSession(
            WorkflowClient client, ContractWorkflow stub, ContractPlan plan, FakeSigningProvider provider, int signer)
            throws InterruptedException {
        WorkflowClient.start(stub::run, plan, null);
        while (provider.opened.stream().noneMatch(r -> r.step().signerIndex() == signer)) {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        return client.newWorkflowStub(ContractWorkflow.class, ContractWorkflow.workflowId(plan.contractId()));
    }

    private static void record(
            Path file,
            FakeSigningProvider provider,
            int signers,
            FakeSigningProvider.Events events,
            Duration firstSignerDeadline,
            Driver driver)
            throws Exception {
        record(file, provider, new FakeVersionVerifier(), signers, events, firstSignerDeadline, driver);
    }

    private static void record(
            Path file,
            FakeSigningProvider provider,
            FakeVersionVerifier verifier,
            int signers,
            FakeSigningProvider.Events events,
            Duration firstSignerDeadline,
            Driver driver)
            throws Exception {
        record(file, provider, verifier, new RecordedProgress(), signers, events, firstSignerDeadline, driver);
    }

    private static void record(
            Path file,
            FakeSigningProvider provider,
            FakeVersionVerifier verifier,
            RecordedProgress records,
            int signers,
            FakeSigningProvider.Events events,
            Duration firstSignerDeadline,
            Driver driver)
            throws Exception {
        record(
                file,
                provider,
                new FakeOrderedJobs(),
                verifier,
                records,
                signers,
                events,
                firstSignerDeadline,
                SigningMode.CHAIN,
                driver);
    }

    private static void record(
            Path file,
            FakeSigningProvider provider,
            FakeOrderedJobs jobs,
            FakeVersionVerifier verifier,
            RecordedProgress records,
            int signers,
            FakeSigningProvider.Events events,
            Duration firstSignerDeadline,
            SigningMode mode,
            Driver driver)
            throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            env.registerSearchAttribute("ContractStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
            env.registerSearchAttribute("SignerIndex", IndexedValueType.INDEXED_VALUE_TYPE_INT);
            env.registerSearchAttribute("SignerCount", IndexedValueType.INDEXED_VALUE_TYPE_INT);
            env.registerSearchAttribute("StepDeadline", IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
            env.registerSearchAttribute("BusinessRef", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
            Worker worker = env.newWorker(ContractWorkflow.TASK_QUEUE);
            worker.registerWorkflowImplementationTypes(
                    ContractActivityPolicies.workflowImplementationOptions(), ContractWorkflowImpl.class);
            worker.registerActivitiesImplementations(
                    provider.events(events), jobs, verifier, new FakeReminders(), records);
            WorkflowClient client = env.getWorkflowClient();
            provider.connect(client);
            jobs.connect(client);
            env.start();
            String contractId = "00000000-0000-4000-8000-"
                    + String.format("%012d", Math.abs(file.getFileName().hashCode()));
            List<Instant> deadlines = null;
            if (firstSignerDeadline != null) {
                deadlines = new ArrayList<>(Collections.nCopies(signers, (Instant) null));
                deadlines.set(0, Instant.ofEpochMilli(env.currentTimeMillis()).plus(firstSignerDeadline));
            }
            ContractPlan plan = new ContractPlan(
                    contractId,
                    signers,
                    deadlines,
                    Duration.ofDays(14),
                    Duration.ofMinutes(5),
                    "ref-" + signers,
                    new ReminderSchedule(Duration.ofDays(1), Duration.ofDays(1), 3),
                    mode == SigningMode.CHAIN ? null : mode);
            String workflowId = ContractWorkflow.workflowId(contractId);
            driver.drive(
                    client,
                    client.newWorkflowStub(
                            ContractWorkflow.class,
                            WorkflowOptions.newBuilder()
                                    .setWorkflowId(workflowId)
                                    .setTaskQueue(ContractWorkflow.TASK_QUEUE)
                                    .build()),
                    plan,
                    provider);
            // The latest run: for a contract that continued as new, the run that resumed.
            Files.writeString(file, client.fetchHistory(workflowId).toJson(true));
        }
    }
}
