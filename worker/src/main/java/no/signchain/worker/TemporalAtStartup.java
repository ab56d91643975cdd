package no.signchain.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call to Temporal that a worker's start-up depends on (registering search attributes, making the retention
 * schedule), asked again while the server answers "not now": with a doubling backoff (up to 15 s) until
 * {@code patience} has passed, then start-up fails and says what could not be done. A loaded laptop or a cluster
 * still starting must delay start-up, not leave the worker running without what its workflows need.
 */
public final class TemporalAtStartup {

    private static final Logger log = LoggerFactory.getLogger(TemporalAtStartup.class);

    /** Answers that mean "not now" rather than "no". */
    private static final Set<Status.Code> TRANSIENT = Set.of(
            Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.ABORTED,
            Status.Code.INTERNAL,
            Status.Code.UNKNOWN);

    private static final Duration LONGEST_WAIT = Duration.ofSeconds(15);

    private TemporalAtStartup() {}

    /**
     * Runs the call until it succeeds, asking again after transient answers. Any other failure is thrown as it is.
     *
     * @param what what the call does, for the log and the failure ("register the search attributes […]")
     * @throws IllegalStateException when {@code patience} passed with only transient answers
     */
    public static void call(String what, Duration patience, Duration firstWait, Runnable call)
            throws InterruptedException {
        long giveUpAt = System.nanoTime() + patience.toNanos();
        Duration wait = firstWait;
        for (int attempt = 1; ; attempt++) {
            try {
                call.run();
                return;
            } catch (RuntimeException e) {
                Optional<Status> status = status(e).filter(s -> TRANSIENT.contains(s.getCode()));
                if (status.isEmpty()) {
                    throw e;
                }
                long left = giveUpAt - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("Could not " + what + ": Temporal gave no answer after " + attempt
                            + " attempts in " + patience.toSeconds() + " s (last: "
                            + status.get().getCode() + " "
                            + status.get().getDescription() + "). Is Temporal up and reachable?");
                }
                Duration now = wait.compareTo(Duration.ofNanos(left)) < 0 ? wait : Duration.ofNanos(left);
                log.info(
                        "Temporal did not answer ({}, attempt {}) when asked to {}; asking again in {} ms",
                        status.get().getCode(),
                        attempt,
                        what,
                        now.toMillis());
                Thread.sleep(now);
                wait = wait.multipliedBy(2).compareTo(LONGEST_WAIT) < 0 ? wait.multipliedBy(2) : LONGEST_WAIT;
            }
        }
    }

    /** The gRPC status a failure carries, possibly wrapped (the schedule client wraps it in a ScheduleException). */
    public static Optional<Status> status(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException e) {
                return Optional.of(e.getStatus());
            }
        }
        return Optional.empty();
    }
}
