package no.signchain.activities.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LivenessHeartbeatTest {

    @ActivityInterface
    public interface SlowTransfer {
        String transfer(long millis);
    }

    static class SlowTransferImpl implements SlowTransfer {
        @Override
        public String transfer(long millis) {
            try (LivenessHeartbeat alive = LivenessHeartbeat.start()) {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "moved";
        }
    }

    TestActivityEnvironment env;
    final AtomicInteger heartbeats = new AtomicInteger();

    @BeforeEach
    void setUp() {
        env = TestActivityEnvironment.newInstance();
        env.registerActivitiesImplementations(new SlowTransferImpl());
        env.setActivityHeartbeatListener(Object.class, details -> heartbeats.incrementAndGet());
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    @Test
    void aRunningActivityHeartbeatsAndStopsWhenItReturns() throws InterruptedException {
        SlowTransfer activity = env.newActivityStub(
                SlowTransfer.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(30))
                        .setHeartbeatTimeout(Duration.ofMillis(300))
                        .build());

        assertThat(activity.transfer(1_500)).isEqualTo("moved");
        int whenDone = heartbeats.get();
        Thread.sleep(800);

        // The SDK sends at most one heartbeat per 80 % of the timeout: 1.5 s gives about six; three is a safe floor.
        assertThat(whenDone).isGreaterThanOrEqualTo(3);
        assertThat(heartbeats.get())
                .as("no heartbeat after the activity returned")
                .isEqualTo(whenDone);
    }

    @Test
    void withoutAHeartbeatTimeoutNothingIsSent() {
        SlowTransfer activity = env.newActivityStub(
                SlowTransfer.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(30))
                        .build());

        assertThat(activity.transfer(500)).isEqualTo("moved");

        assertThat(heartbeats).hasValue(0);
    }

    @Test
    void outsideAnActivityItDoesNothing() {
        assertThatCode(() -> {
                    try (LivenessHeartbeat alive = LivenessHeartbeat.start()) {
                        assertThat(alive).isNotNull();
                    }
                })
                .doesNotThrowAnyException();
    }
}
