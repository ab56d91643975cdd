package no.signchain.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** Worker readiness follows the workers and their Temporal connection, against Temporal's test server on a port. */
class TemporalWorkersHealthIndicatorTest {

    @Test
    void downUntilTheWorkersStartUpWhileTemporalAnswersAndDownOnceTemporalIsGone() throws IOException {
        int port = freePort();
        TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(port);
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .build());
        WorkerFactory workers = WorkerFactory.newInstance(WorkflowClient.newInstance(stubs));
        try {
            workers.newWorker("health-test");
            TemporalWorkersHealthIndicator readiness =
                    new TemporalWorkersHealthIndicator(workers, stubs, "health-test");

            Health beforeStart = readiness.health();
            assertThat(beforeStart.getStatus()).isEqualTo(Status.DOWN);
            assertThat(beforeStart.getDetails()).containsEntry("workers", "not started");

            workers.start();
            Health running = readiness.health();
            assertThat(running.getStatus()).isEqualTo(Status.UP);
            assertThat(running.getDetails())
                    .containsEntry("temporal", "SERVING")
                    .containsEntry("taskQueue", "health-test");

            temporal.close();
            Health cutOff = readiness.health();
            assertThat(cutOff.getStatus()).isEqualTo(Status.DOWN);
            assertThat(cutOff.getDetails()).containsEntry("temporal", "UNAVAILABLE");
        } finally {
            workers.shutdownNow();
            stubs.shutdownNow();
            temporal.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
