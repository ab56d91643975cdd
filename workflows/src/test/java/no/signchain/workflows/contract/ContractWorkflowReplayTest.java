package no.signchain.workflows.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            // The worker's real options: replay must see the same activity policies production uses.
            Worker worker = env.newWorker(ContractWorkflow.TASK_QUEUE);
            worker.registerWorkflowImplementationTypes(
                    ContractActivityPolicies.workflowImplementationOptions(), ContractWorkflowImpl.class);
            WorkflowReplayer.replayWorkflowExecution(
                    WorkflowExecutionHistory.fromJson(Files.readString(history)), worker);
        }
    }
}
