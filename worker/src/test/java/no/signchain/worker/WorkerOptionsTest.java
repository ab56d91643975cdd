package no.signchain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What each role asks of the SDK's worker, beside the task queue and capacity set in signchain-worker.yml. */
class WorkerOptionsTest {

    @Test
    void aWorkflowsWorkerPollsNoActivitiesAndEveryWorkerTakesTheDeadlockDetectionTimeout() {
        WorkerOptions workflows = WorkerConfiguration.tuned(
                        WorkerOptions.newBuilder(), WorkerRole.WORKFLOWS, Duration.ofSeconds(5))
                .build();
        WorkerOptions all = WorkerConfiguration.tuned(WorkerOptions.newBuilder(), WorkerRole.ALL, Duration.ofSeconds(3))
                .build();

        assertThat(workflows.isLocalActivityWorkerOnly()).isTrue();
        assertThat(workflows.getDefaultDeadlockDetectionTimeout()).isEqualTo(5_000);
        assertThat(all.isLocalActivityWorkerOnly()).isFalse();
        assertThat(all.getDefaultDeadlockDetectionTimeout()).isEqualTo(3_000);
    }
}
