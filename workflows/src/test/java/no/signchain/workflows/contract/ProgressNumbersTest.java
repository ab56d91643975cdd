package no.signchain.workflows.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Progress snapshots are numbered, and a workflow task run again numbers the snapshots it writes again as the first
 * run did: the store orders snapshots by that number, since a repeated task gives them a later workflow time.
 */
class ProgressNumbersTest {

    private static final Duration RECONCILE = Duration.ofMinutes(5);

    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private final FakeSigningProvider provider = new FakeSigningProvider();
    private final RecordedProgress records = new RecordedProgress();
    /** Set to fail the workflow task that records the contract's end, once, after that record was written. */
    private final AtomicBoolean loseTheEndingTask = new AtomicBoolean();

    @BeforeEach
    void startEnvironment() {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new LoseTaskAfterEndRecorded())
                        .build())
                .build());
        for (String attribute : List.of("ContractStatus", "BusinessRef")) {
            env.registerSearchAttribute(attribute, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        env.registerSearchAttribute("SignerIndex", IndexedValueType.INDEXED_VALUE_TYPE_INT);
        env.registerSearchAttribute("SignerCount", IndexedValueType.INDEXED_VALUE_TYPE_INT);
        env.registerSearchAttribute("StepDeadline", IndexedValueType.INDEXED_VALUE_TYPE_DATETIME);
        Worker worker = env.newWorker(ContractWorkflow.TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(
                ContractActivityPolicies.workflowImplementationOptions(Duration.ofMillis(100), Duration.ofSeconds(1)),
                ContractWorkflowImpl.class);
        worker.registerActivitiesImplementations(provider, new FakeVersionVerifier(), new FakeReminders(), records);
        client = env.getWorkflowClient();
        provider.connect(client);
        env.start();
    }

    @AfterEach
    void stopEnvironment() {
        env.close();
    }

    @Test
    void aChainsSnapshotsAreNumberedFromOneInTheOrderTheyAreRecorded() {
        ContractOutcome outcome = run(3);

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        assertThat(records.snapshots)
                .extracting(ContractProgress::sequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, records.snapshots.size())
                        .boxed()
                        .toList());
    }

    /**
     * The task after the last verification records the signer's snapshot and then the contract's end, as local
     * activities. When that task fails after both were written (its worker lost), the task runs again and writes both
     * again: under the numbers they had, although at a later workflow time.
     */
    @Test
    void aWorkflowTaskRunAgainWritesItsSnapshotsAgainUnderTheSameNumbers() {
        loseTheEndingTask.set(true);

        ContractOutcome outcome = run(2);

        assertThat(outcome.status()).isEqualTo(ContractStatus.COMPLETED);
        List<ContractProgress> snapshots = records.snapshots;
        int n = snapshots.size();
        ContractProgress signed = snapshots.get(n - 4);
        ContractProgress ended = snapshots.get(n - 3);
        assertThat(ended.status()).isEqualTo(ContractStatus.COMPLETED);
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
        assertThat(ended.sequence()).isEqualTo(signed.sequence() + 1);
        assertThat(snapshots.subList(0, n - 2))
                .extracting(ContractProgress::sequence)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, n - 2).boxed().toList());
    }

    private ContractOutcome run(int signers) {
        ContractPlan plan =
                new ContractPlan(UUID.randomUUID().toString(), signers, null, Duration.ofDays(14), RECONCILE);
        return client.newWorkflowStub(
                        ContractWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(ContractWorkflow.workflowId(plan.contractId()))
                                .setTaskQueue(ContractWorkflow.TASK_QUEUE)
                                .build())
                .run(plan, null);
    }

    /**
     * Fails the workflow task once, right after the contract's end was recorded: an {@link Error} from workflow code
     * fails the task, which the server hands out again and the worker replays from the last completed task.
     */
    private final class LoseTaskAfterEndRecorded extends WorkerInterceptorBase {
        @Override
        public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
            return new WorkflowInboundCallsInterceptorBase(next) {
                @Override
                public void init(WorkflowOutboundCallsInterceptor outbound) {
                    super.init(new WorkflowOutboundCallsInterceptorBase(outbound) {
                        @Override
                        public <R> LocalActivityOutput<R> executeLocalActivity(LocalActivityInput<R> input) {
                            LocalActivityOutput<R> output = super.executeLocalActivity(input);
                            if (input.getArgs().length == 1
                                    && input.getArgs()[0] instanceof ContractProgress progress
                                    && progress.status() == ContractStatus.COMPLETED
                                    && loseTheEndingTask.compareAndSet(true, false)) {
                                output.getResult().get();
                                throw new Error("the worker was lost before the task completed");
                            }
                            return output;
                        }
                    });
                }
            };
        }
    }
}
