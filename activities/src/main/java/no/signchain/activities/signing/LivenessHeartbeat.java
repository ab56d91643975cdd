package no.signchain.activities.signing;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While an activity moves a document, tells Temporal from a side thread that this worker is alive. When the worker
 * process dies the heartbeats stop, and the server retries the activity on another worker once the heartbeat timeout
 * passes, instead of after the whole start-to-close timeout. It says "alive", not "progress": a provider call that
 * hangs is still ended by start-to-close.
 *
 * <p>Does nothing when the activity has no heartbeat timeout, or when called outside an activity.
 */
public final class LivenessHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LivenessHeartbeat.class);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("activity-liveness-heartbeat").factory());
    private static final LivenessHeartbeat NONE = new LivenessHeartbeat(null);

    private final ScheduledFuture<?> beats;

    private LivenessHeartbeat(ScheduledFuture<?> beats) {
        this.beats = beats;
    }

    /** Starts beating at a third of the activity's heartbeat timeout, until {@link #close()}. */
    public static LivenessHeartbeat start() {
        ActivityExecutionContext context;
        try {
            context = Activity.getExecutionContext();
        } catch (IllegalStateException notInAnActivity) {
            return NONE;
        }
        Duration timeout = context.getInfo().getHeartbeatTimeout();
        if (timeout == null || timeout.isZero()) {
            return NONE;
        }
        long everyMillis = Math.max(50, timeout.toMillis() / 3);
        return new LivenessHeartbeat(
                TIMER.scheduleAtFixedRate(() -> beat(context), 0, everyMillis, TimeUnit.MILLISECONDS));
    }

    private static void beat(ActivityExecutionContext context) {
        try {
            context.heartbeat(null);
        } catch (ActivityCompletionException over) {
            // Cancelled or timed out: the server no longer waits for this attempt. Throwing ends the schedule; the
            // activity thread learns the same from its own next call to Temporal or from its result being refused.
            throw over;
        } catch (RuntimeException e) {
            // Anything else must not end the schedule silently (the attempt would then time out while alive).
            log.warn("Activity heartbeat failed; trying again at the next beat: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (beats != null) {
            beats.cancel(false);
        }
    }
}
