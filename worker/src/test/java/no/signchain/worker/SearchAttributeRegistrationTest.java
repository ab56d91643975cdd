package no.signchain.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.AddSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import no.signchain.workflows.contract.ContractSearchAttributes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Start-up waits for the search attributes contract workflows need: against a Temporal operator service (a fake on a
 * loopback port) that refuses, answers slowly, or never answers, it asks again within its patience, and then fails
 * saying what is missing.
 */
class SearchAttributeRegistrationTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void aServerNotYetUpIsAskedAgainUntilItRegistersThem() throws Exception {
        FakeOperator temporal = start(call -> call <= 2 ? Status.UNAVAILABLE : null, Duration.ZERO);

        registration(temporal, Duration.ofSeconds(20)).afterPropertiesSet();

        assertThat(temporal.listCalls.get()).isEqualTo(3);
        assertThat(temporal.registered.keySet()).containsExactlyInAnyOrderElementsOf(allNames());
    }

    @Test
    void anAnswerSlowerThanTheCallDeadlineIsAskedForAgain() throws Exception {
        // The first list answers after 2 s, past the 300 ms deadline of each call: the load-average-12 stall.
        FakeOperator temporal = start(call -> null, Duration.ofSeconds(2));

        registration(temporal, Duration.ofSeconds(20)).afterPropertiesSet();

        assertThat(temporal.listCalls.get()).isGreaterThanOrEqualTo(2);
        assertThat(temporal.registered.keySet()).containsExactlyInAnyOrderElementsOf(allNames());
    }

    @Test
    void aServerThatNeverAnswersFailsStartUpSayingWhatIsMissing() throws Exception {
        FakeOperator temporal = start(call -> Status.UNAVAILABLE, Duration.ZERO);
        SearchAttributeRegistration registration = registration(temporal, Duration.ofSeconds(2));

        long started = System.nanoTime();
        assertThatThrownBy(registration::afterPropertiesSet)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ContractStatus")
                .hasMessageContaining("namespace default")
                .hasMessageContaining("UNAVAILABLE");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
        assertThat(temporal.listCalls.get()).isGreaterThan(1);
        assertThat(temporal.registered).isEmpty();
    }

    @Test
    void aServerThatRefusesOutrightIsNotAskedAgainAndStartUpGoesOn() throws Exception {
        FakeOperator temporal = start(call -> Status.PERMISSION_DENIED, Duration.ZERO);

        registration(temporal, Duration.ofSeconds(20)).afterPropertiesSet();

        assertThat(temporal.listCalls.get()).isOne();
    }

    @Test
    void attributesAlreadyThereAreNotRegisteredAgain() throws Exception {
        FakeOperator temporal = start(call -> null, Duration.ZERO);
        ContractSearchAttributes.ALL.forEach(k -> temporal.registered.put(k.getName(), k.getValueType()));
        temporal.addCalls.set(0);

        registration(temporal, Duration.ofSeconds(20)).afterPropertiesSet();

        assertThat(temporal.addCalls.get()).isZero();
    }

    private SearchAttributeRegistration registration(FakeOperator temporal, Duration patience) {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporal.server.getPort())
                .build());
        open.add(stubs::shutdownNow);
        return new SearchAttributeRegistration(
                stubs, "default", patience, Duration.ofMillis(300), Duration.ofMillis(100));
    }

    private FakeOperator start(IntFunction<Status> failureOfListCall, Duration firstListDelay) throws IOException {
        FakeOperator fake = new FakeOperator(failureOfListCall, firstListDelay);
        fake.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(fake)
                .build()
                .start();
        open.add(() -> fake.server.shutdownNow());
        return fake;
    }

    private static List<String> allNames() {
        return ContractSearchAttributes.ALL.stream().map(k -> k.getName()).toList();
    }

    /** Temporal's operator service as far as registration uses it. */
    private static final class FakeOperator extends OperatorServiceGrpc.OperatorServiceImplBase {
        final Map<String, IndexedValueType> registered = new ConcurrentHashMap<>();
        final AtomicInteger listCalls = new AtomicInteger();
        final AtomicInteger addCalls = new AtomicInteger();
        private final IntFunction<Status> failureOfListCall;
        private final Duration firstListDelay;
        Server server;

        FakeOperator(IntFunction<Status> failureOfListCall, Duration firstListDelay) {
            this.failureOfListCall = failureOfListCall;
            this.firstListDelay = firstListDelay;
        }

        @Override
        public void listSearchAttributes(
                ListSearchAttributesRequest request, StreamObserver<ListSearchAttributesResponse> response) {
            int call = listCalls.incrementAndGet();
            if (call == 1 && !firstListDelay.isZero()) {
                try {
                    Thread.sleep(firstListDelay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Status failure = failureOfListCall.apply(call);
            if (failure != null) {
                response.onError(failure.asRuntimeException());
                return;
            }
            response.onNext(ListSearchAttributesResponse.newBuilder()
                    .putAllCustomAttributes(registered)
                    .build());
            response.onCompleted();
        }

        @Override
        public void addSearchAttributes(
                AddSearchAttributesRequest request, StreamObserver<AddSearchAttributesResponse> response) {
            addCalls.incrementAndGet();
            registered.putAll(request.getSearchAttributesMap());
            response.onNext(AddSearchAttributesResponse.getDefaultInstance());
            response.onCompleted();
        }
    }
}
