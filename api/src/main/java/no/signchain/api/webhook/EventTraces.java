package no.signchain.api.webhook;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Carries a webhook delivery's trace over the inbox to the relay, so the signal and what the workflow does with it sit
 * in the delivery's trace. Kept in memory and bounded: an event relayed by another process, or after a restart, starts
 * a trace of its own, which is all a lost link costs.
 */
@Component
public class EventTraces {

    private static final int REMEMBERED = 10_000;

    private final Tracer tracer;
    private final Map<String, TraceContext> byEvent = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TraceContext> eldest) {
            return size() > REMEMBERED;
        }
    });

    @Autowired
    public EventTraces(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
    }

    /** Without tracing. */
    static EventTraces none() {
        return new EventTraces(Tracer.NOOP);
    }

    private EventTraces(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Called while the delivery that stored the event is being answered. */
    void remember(String eventId) {
        TraceContext current = tracer.currentTraceContext().context();
        if (current != null) {
            byEvent.put(eventId, current);
        }
    }

    /**
     * Runs the relaying of one event in a span of the delivery's trace (a new trace if it is not known here). The trace
     * is kept for a relay that is retried (Temporal unreachable, the session not recorded yet) until newer events push
     * it out.
     */
    boolean relayIn(String eventId, BooleanSupplier relay) {
        TraceContext delivery = byEvent.get(eventId);
        Span span = (delivery == null
                        ? tracer.spanBuilder().setNoParent()
                        : tracer.spanBuilder().setParent(delivery))
                .name("webhook relay")
                .start();
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            return relay.getAsBoolean();
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }
}
