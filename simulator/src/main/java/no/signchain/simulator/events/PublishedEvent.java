package no.signchain.simulator.events;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Record of one emitted event (for the control API): envelope id, name, session, state, delivery counts. */
public final class PublishedEvent {

    private final String id;
    private final String eventName;
    private final String signingSessionId;
    private final String state;
    private final Instant timestamp;
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();
    final AtomicInteger failedAttempts = new AtomicInteger();

    PublishedEvent(String id, String eventName, String signingSessionId, String state, Instant timestamp) {
        this.id = id;
        this.eventName = eventName;
        this.signingSessionId = signingSessionId;
        this.state = state;
        this.timestamp = timestamp;
    }

    public String id() {
        return id;
    }

    public String eventName() {
        return eventName;
    }

    public String signingSessionId() {
        return signingSessionId;
    }

    public String state() {
        return state;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public int delivered() {
        return delivered.get();
    }

    public int dropped() {
        return dropped.get();
    }

    public int failedAttempts() {
        return failedAttempts.get();
    }
}
