package no.signchain.workflows.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.signchain.workflows.contract.DocumentVersionRef;
import org.junit.jupiter.api.Test;

/**
 * The sweep waits its time, then asks once for the late sessions to be withdrawn; and the recorded history (the
 * sweeps running when this code is deployed) replays. Run {@link #main} to record it again after a change meant to
 * be the new baseline, from the repository root, with the classpath as in {@code HistoryRecorder}.
 */
class LateSessionSweepWorkflowTest {

    private static final String QUEUE = "late-session-sweep-test";
    private static final LateSessionSweep SWEEP =
            new LateSessionSweep(new SignerStep("6f1f6a55-57f4-4d5a-a2d4-1d2b07d0f0c1", 2), 1, Duration.ofMinutes(2));
    private static final Path RECORDED =
            Path.of("src/test/resources/histories-late-session-sweep/late-session-sweep-v1.json");

    @Test
    void withdrawsTheLateSessionsOnlyAfterTheWait() {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            SweepingActivities activities = new SweepingActivities(env);
            Instant started = Instant.ofEpochMilli(env.currentTimeMillis());
            int withdrawn = run(env, activities, "sweep-test");

            assertThat(withdrawn).isEqualTo(2);
            assertThat(activities.calls).containsExactly(SWEEP.step() + "#1");
            assertThat(activities.calledAt.getFirst()).isAfterOrEqualTo(started.plus(SWEEP.after()));
        }
    }

    @Test
    void replaysTheRecordedSweep() throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(QUEUE);
            worker.registerWorkflowImplementationTypes(LateSessionSweepWorkflowImpl.class);
            WorkflowReplayer.replayWorkflowExecution(
                    WorkflowExecutionHistory.fromJson(Files.readString(RECORDED)), worker);
        }
    }

    @Test
    void oneSweepPerActivityAttempt() {
        assertThat(SWEEP.workflowId(2))
                .isEqualTo("late-session-sweep-6f1f6a55-57f4-4d5a-a2d4-1d2b07d0f0c1-2-1-2")
                .isNotEqualTo(SWEEP.workflowId(3));
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "workflows/" + RECORDED);
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            run(env, new SweepingActivities(env), "late-session-sweep-recorded");
            Files.writeString(
                    file,
                    env.getWorkflowClient()
                            .fetchHistory("late-session-sweep-recorded")
                            .toJson(true));
        }
    }

    private static int run(TestWorkflowEnvironment env, SweepingActivities activities, String workflowId) {
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(LateSessionSweepWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
        WorkflowClient client = env.getWorkflowClient();
        LateSessionSweepWorkflow workflow = client.newWorkflowStub(
                LateSessionSweepWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(QUEUE)
                        .setWorkflowId(workflowId)
                        .build());
        return workflow.sweep(SWEEP);
    }

    /** Only the sweep is expected of it. */
    private static final class SweepingActivities implements SigningActivities {
        private final TestWorkflowEnvironment env;
        final List<String> calls = new ArrayList<>();
        final List<Instant> calledAt = new ArrayList<>();

        SweepingActivities(TestWorkflowEnvironment env) {
            this.env = env;
        }

        @Override
        public int withdrawLateSessions(SignerStep step, int sessionAttempt) {
            calls.add(step + "#" + sessionAttempt);
            calledAt.add(Instant.ofEpochMilli(env.currentTimeMillis()));
            return 2;
        }

        @Override
        public OpenedSession openSession(OpenSessionRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SessionReading readSession(SignerStep step, String sessionRef) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SessionReading readSessionAndCollect(SignerStep step, String sessionRef) {
            throw new UnsupportedOperationException();
        }

        @Override
        public DocumentVersionRef collectSignedDocument(SignerStep step, String sessionRef) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void changeSessionDueDate(SignerStep step, String sessionRef, Instant dueAt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void withdrawSession(SignerStep step, String sessionRef) {
            throw new UnsupportedOperationException();
        }
    }
}
