package no.signchain.worker;

import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether this process's workers can take work: started, and Temporal's frontend answers its health check. Part of
 * the readiness group, so an orchestrator sees a worker that lost Temporal, and a liveness failure is left for a
 * process that is really stuck.
 */
class TemporalWorkersHealthIndicator implements HealthIndicator {

    /** The service name Temporal's frontend reports its health under. */
    private static final String FRONTEND = "temporal.api.workflowservice.v1.WorkflowService";

    private final WorkerFactory workers;
    private final WorkflowServiceStubs temporal;
    private final String taskQueue;

    TemporalWorkersHealthIndicator(WorkerFactory workers, WorkflowServiceStubs temporal, String taskQueue) {
        this.workers = workers;
        this.temporal = temporal;
        this.taskQueue = taskQueue;
    }

    @Override
    public Health health() {
        Health.Builder health = new Health.Builder().withDetail("taskQueue", taskQueue);
        if (!workers.isStarted() || workers.isShutdown()) {
            return health.down()
                    .withDetail("workers", workers.isShutdown() ? "shut down" : "not started")
                    .build();
        }
        try {
            HealthCheckResponse.ServingStatus status = HealthGrpc.newBlockingStub(temporal.getRawChannel())
                    .withDeadlineAfter(3, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(FRONTEND).build())
                    .getStatus();
            return (status == HealthCheckResponse.ServingStatus.SERVING ? health.up() : health.down())
                    .withDetail("temporal", status.name())
                    .build();
        } catch (StatusRuntimeException unreachable) {
            return health.down()
                    .withDetail("temporal", unreachable.getStatus().getCode().name())
                    .build();
        }
    }
}
