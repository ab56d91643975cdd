package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class LoopbackTestServerTest {

    @Test
    void listensOnTheLoopbackAddressOnlyAndAnswersLikeTemporal() throws Exception {
        try (LoopbackTestServer temporal = LoopbackTestServer.start(0)) {
            assertThat(temporal.port()).isPositive();
            assertThat(temporal.listenAddresses()).isNotEmpty().allSatisfy(address -> {
                assertThat(address).isInstanceOf(InetSocketAddress.class);
                assertThat(((InetSocketAddress) address).getAddress().isLoopbackAddress())
                        .as("%s is a loopback address", address)
                        .isTrue();
            });

            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget("127.0.0.1:" + temporal.port())
                    .build());
            try {
                assertThat(stubs.healthCheck().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
                assertThat(stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance()))
                        .isNotNull();
            } finally {
                stubs.shutdownNow();
            }
        }
    }
}
