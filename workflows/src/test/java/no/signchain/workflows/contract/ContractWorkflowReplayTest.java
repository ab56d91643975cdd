package no.signchain.workflows.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import no.signchain.protection.Aead;
import no.signchain.protection.EncryptionCodec;
import no.signchain.protection.KeyRing;
import no.signchain.protection.ProtectionConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays histories recorded by earlier versions of the workflow against today's code: a change that would break
 * running contracts fails here. New recordings come from {@link HistoryRecorder}.
 */
class ContractWorkflowReplayTest {

    static List<Path> histories() throws IOException, URISyntaxException {
        Path folder = Path.of(
                ContractWorkflowReplayTest.class.getResource("/histories").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> found =
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(found).as("recorded histories").isNotEmpty();
            return found;
        }
    }

    @ParameterizedTest
    @MethodSource("histories")
    void replaysWithoutNondeterminism(Path history) throws Exception {
        replay(history, TestWorkflowEnvironment.newInstance());
    }

    /**
     * The workers decode every payload through the encryption codec; histories recorded before it (payloads in
     * clear) pass through it and still replay.
     */
    @ParameterizedTest
    @MethodSource("histories")
    void replaysThroughTheWorkersEncryptionCodec(Path history) throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        DataConverter converter = ProtectionConfiguration.dataConverter(new EncryptionCodec(
                new Aead(KeyRing.of(Map.of("test", Base64.getEncoder().encodeToString(key)), null))));
        replay(
                history,
                TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                        .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                                .setDataConverter(converter)
                                .build())
                        .build()));
    }

    private static void replay(Path history, TestWorkflowEnvironment environment) throws Exception {
        try (TestWorkflowEnvironment env = environment) {
            // The worker's real options: replay must see the same activity policies production uses.
            // Replay checks determinism, not speed: on a loaded machine the first replay (classes loading, the JIT
            // cold) can hold the workflow thread past the default 1 s deadlock detection.
            Worker worker = env.newWorker(
                    ContractWorkflow.TASK_QUEUE,
                    WorkerOptions.newBuilder()
                            .setDefaultDeadlockDetectionTimeout(
                                    Duration.ofSeconds(30).toMillis())
                            .build());
            worker.registerWorkflowImplementationTypes(
                    ContractActivityPolicies.workflowImplementationOptions(), ContractWorkflowImpl.class);
            WorkflowReplayer.replayWorkflowExecution(
                    WorkflowExecutionHistory.fromJson(Files.readString(history)), worker);
        }
    }
}
