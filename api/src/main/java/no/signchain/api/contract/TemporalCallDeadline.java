package no.signchain.api.contract;

import io.grpc.Context;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Bounds how long a request waits for Temporal. The Temporal client retries an unanswered call for a minute (its
 * default retry options, shared by every call of the process), and an update waits for the workflow's worker without
 * end; both stop at the gRPC context's deadline, and gRPC ends the call in flight there. So a call made in
 * {@link #within} gives up after its time, whatever the client's own retry options.
 */
@Component
public class TemporalCallDeadline implements DisposableBean {

    /** Cancels a call's gRPC context when its time is up. */
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("temporal-call-deadline").daemon().factory());

    /** Runs {@code call} on this thread, its Temporal calls ending at {@code limit} from now. */
    public <T> T within(Duration limit, Supplier<T> call) {
        Context.CancellableContext bounded =
                Context.current().withDeadlineAfter(limit.toMillis(), TimeUnit.MILLISECONDS, deadlines);
        try {
            return bounded.call(call::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception checked) {
            // Supplier#get throws none; Callable's signature does.
            throw new IllegalStateException(checked);
        } finally {
            bounded.cancel(null);
        }
    }

    @Override
    public void destroy() {
        deadlines.shutdownNow();
    }
}
