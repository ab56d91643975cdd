package no.signchain.simulator.events;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.Times;
import no.signchain.simulator.sessions.SessionState;
import no.signchain.simulator.sessions.SessionStateListener;
import no.signchain.simulator.sessions.SigningSession;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Turns session state changes into event envelopes (see {@link EventNames}) and hands them to the dispatcher. */
@Component
@org.springframework.core.annotation.Order(0)
@InSimulatorContext
public class EventPublisher implements SessionStateListener {

    private static final int MAX_RECORDS = 10_000;

    private final SimulatorProperties props;
    private final Clock clock;
    private final JsonMapper json;
    private final EventDispatcher dispatcher;
    private final ConcurrentLinkedDeque<PublishedEvent> records = new ConcurrentLinkedDeque<>();
    private final AtomicInteger recordCount = new AtomicInteger();

    public EventPublisher(
            SimulatorProperties props, Clock simulatorClock, JsonMapper json, EventDispatcher dispatcher) {
        this.props = props;
        this.clock = simulatorClock;
        this.json = json;
        this.dispatcher = dispatcher;
    }

    @Override
    public void onSessionStateChange(SigningSession session, SessionState newState) {
        String name = switch (newState) {
            case READY -> EventNames.SESSION_CREATED;
            case SIGNED -> EventNames.SESSION_COMPLETED;
            case REJECTED -> EventNames.SESSION_REJECTED;
            case EXPIRED -> EventNames.SESSION_EXPIRED;
            case DELETED -> EventNames.SESSION_DELETED;
        };
        Instant now = clock.instant();
        Instant expiresAt = now.plus(props.events().ttl());
        String id = UUID.randomUUID().toString();
        ObjectNode e = json.createObjectNode();
        e.put("id", id);
        e.put("timestamp", Times.iso(now));
        e.put("sender", EventNames.SENDER);
        e.put("eventName", name);
        ObjectNode data = e.putObject("eventData");
        data.put("signingSessionId", session.id());
        data.put("state", newState.name());
        if (session.externalReference() != null) {
            data.put("externalReference", session.externalReference());
        }
        if (!session.usageTags().isEmpty()) {
            ArrayNode tags = data.putArray("usageTags");
            session.usageTags().forEach(tags::add);
        }
        e.put("accountId", props.accountId());
        if (props.organizationId() == null) {
            e.putNull("organizationId");
        } else {
            e.put("organizationId", props.organizationId());
        }
        e.put("expiresAt", Times.iso(expiresAt));
        e.putArray("tags");
        PublishedEvent record = new PublishedEvent(id, name, session.id(), newState.name(), now);
        records.addLast(record);
        if (recordCount.incrementAndGet() > MAX_RECORDS && records.pollFirst() != null) {
            recordCount.decrementAndGet();
        }
        dispatcher.dispatch(record, json.writeValueAsBytes(e), expiresAt);
    }

    /** The most recent emitted events, oldest first (at most 10 000 kept). */
    public List<PublishedEvent> records() {
        return List.copyOf(records);
    }

    public void clear() {
        records.clear();
        recordCount.set(0);
    }
}
