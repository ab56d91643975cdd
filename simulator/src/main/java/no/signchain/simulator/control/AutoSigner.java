package no.signchain.simulator.control;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.problem.ProblemException;
import no.signchain.simulator.sessions.SessionService;
import no.signchain.simulator.sessions.SessionState;
import no.signchain.simulator.sessions.SessionStateListener;
import no.signchain.simulator.sessions.SigningSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The {@code autoSignAfter} / {@code autoRejectNins} knobs: signs (or rejects) a new session after the delay as if
 * the signer had used the signer page. Knobs are read when the session is created.
 */
@Component
@org.springframework.core.annotation.Order(10)
@InSimulatorContext
public class AutoSigner implements SessionStateListener {

    private static final Logger log = LoggerFactory.getLogger(AutoSigner.class);

    private final KnobStore knobs;
    private final ObjectProvider<SessionService> sessions;
    private final ScheduledExecutorService scheduler;

    public AutoSigner(
            KnobStore knobs, ObjectProvider<SessionService> sessions, ScheduledExecutorService simulatorScheduler) {
        this.knobs = knobs;
        this.sessions = sessions;
        this.scheduler = simulatorScheduler;
    }

    @Override
    public void onSessionStateChange(SigningSession session, SessionState newState) {
        if (newState != SessionState.READY) {
            return;
        }
        Knobs k = knobs.get();
        boolean reject = k.autoRejectNins().contains(session.signerNin());
        if (!reject && k.autoSignAfter() == null) {
            return;
        }
        Duration delay = k.autoSignAfter() == null ? Duration.ZERO : k.autoSignAfter();
        String id = session.id();
        scheduler.schedule(
                () -> {
                    try {
                        if (reject) {
                            sessions.getObject().reject(id);
                        } else {
                            sessions.getObject().sign(id);
                        }
                    } catch (ProblemException e) {
                        log.debug("Auto-{} of session {} skipped: {}", reject ? "reject" : "sign", id, e.getMessage());
                    } catch (RuntimeException e) {
                        log.warn("Auto-{} of session {} failed", reject ? "reject" : "sign", id, e);
                    }
                },
                delay.toNanos(),
                TimeUnit.NANOSECONDS);
    }
}
