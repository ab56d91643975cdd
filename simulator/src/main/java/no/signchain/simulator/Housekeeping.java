package no.signchain.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import no.signchain.simulator.auth.TokenStore;
import no.signchain.simulator.collections.CollectionStore;
import no.signchain.simulator.documents.DocumentStore;
import no.signchain.simulator.sessions.SessionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Every {@code sweep-interval}: expires sessions whose dueDate passed (emitting their event even if nobody reads
 * them), forgets sessions, documents and collections past their retention, and drops expired tokens.
 */
@Component
@InSimulatorContext
public class Housekeeping implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

    private final SimulatorProperties props;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final SessionService sessions;
    private final DocumentStore documents;
    private final CollectionStore collections;
    private final TokenStore tokens;
    private ScheduledFuture<?> task;

    public Housekeeping(
            SimulatorProperties props,
            Clock simulatorClock,
            ScheduledExecutorService simulatorScheduler,
            SessionService sessions,
            DocumentStore documents,
            CollectionStore collections,
            TokenStore tokens) {
        this.props = props;
        this.clock = simulatorClock;
        this.scheduler = simulatorScheduler;
        this.sessions = sessions;
        this.documents = documents;
        this.collections = collections;
        this.tokens = tokens;
    }

    @Override
    public void afterPropertiesSet() {
        long ms = Math.max(10, props.sweepInterval().toMillis());
        task = scheduler.scheduleWithFixedDelay(this::sweep, ms, ms, TimeUnit.MILLISECONDS);
    }

    public void sweep() {
        try {
            Instant now = clock.instant();
            sessions.sweep(now);
            documents.purgeExpired(now);
            collections.purgeExpired(now);
            tokens.purgeExpired(now);
        } catch (RuntimeException e) {
            log.warn("Housekeeping sweep failed", e);
        }
    }

    @Override
    public void destroy() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
