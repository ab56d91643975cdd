import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The bare-Temporal ceiling for the throughput comparison: a workflow that runs N no-op activities one after the
 * other (as a 3-signer contract runs its 22), on the same server, with a worker configured as signchain's (20 activity
 * slots, SDK defaults otherwise). Runs TOTAL workflows CONCURRENCY at a time and prints
 * the measured window (epoch ms) and workflows/s.
 *
 * <p>java -cp CLASSPATH bench/BareWorkflow.java ADDRESS CONCURRENCY TOTAL ACTIVITIES
 */
public class BareWorkflow {

    @WorkflowInterface
    public interface Bare {
        @WorkflowMethod
        void run(int activities);
    }

    @ActivityInterface
    public interface Noop {
        void noop(int step);
    }

    public static class BareImpl implements Bare {
        private final Noop noop = Workflow.newActivityStub(
                Noop.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

        @Override
        public void run(int activities) {
            for (int i = 0; i < activities; i++) {
                noop.noop(i);
            }
        }
    }

    public static class NoopImpl implements Noop {
        @Override
        public void noop(int step) {}
    }

    public static void main(String[] args) throws Exception {
        String address = args[0];
        int concurrency = Integer.parseInt(args[1]);
        int total = Integer.parseInt(args[2]);
        int activities = Integer.parseInt(args[3]);
        String queue = "bench-bare-" + UUID.randomUUID();
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
        WorkflowClient client = WorkflowClient.newInstance(service);
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(
                queue, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(20).build());
        worker.registerWorkflowImplementationTypes(BareImpl.class);
        worker.registerActivitiesImplementations(new NoopImpl());
        factory.start();
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<Void>> running = new ArrayList<>();
        long from = System.currentTimeMillis();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            slots.acquire();
            Bare stub = client.newWorkflowStub(
                    Bare.class,
                    WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(queue + "-" + i).build());
            running.add(WorkflowClient.execute(stub::run, activities).whenComplete((r, e) -> slots.release()));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        long to = System.currentTimeMillis();
        factory.shutdown();
        System.out.printf("window %d %d%n", from, to); // epoch ms, for the driver's CPU accounting
        System.out.printf("workflows/s %.2f%n", total / seconds);
        System.exit(0);
    }
}
