package no.signchain.api.webhook;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Carries a webhook delivery's trace over the inbox to the relay, so the signal and what the workflow does with it sit
 * in the delivery's trace. The trace is stored in the event's inbox row as a W3C traceparent, so it holds whichever
 * API process relays the event, after a restart too, and for every retry. An event stored outside a trace, or whose
 * stored trace cannot be read, is relayed in a trace of its own: a lost link never holds up a relay.
 */
@Component
public class EventTraces {

    /** Version 00 of W3C Trace Context: trace id, parent span id and flags, in lower-case hex. */
    private static final Pattern TRACE_PARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private static final int SAMPLED = 0x01;

    private final Tracer tracer;

    @Autowired
    public EventTraces(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
    }

    /** Without tracing. */
    static EventTraces none() {
        return new EventTraces(Tracer.NOOP);
    }

    EventTraces(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * The trace of the delivery being answered, as a traceparent for the event's inbox row; null outside a trace.
     */
    String current() {
        TraceContext current = tracer.currentTraceContext().context();
        // Without a tracer the context is a no-op one with empty ids: nothing to continue.
        if (current == null || !continuable(current.traceId(), current.spanId())) {
            return null;
        }
        // Concatenated, not formatted or matched: this runs on every delivery, and String.formatted and a regex were
        // 2.4 % of a delivery's CPU in the API.
        return "00-" + current.traceId() + "-" + current.spanId()
                + (Boolean.TRUE.equals(current.sampled()) ? "-01" : "-00");
    }

    /**
     * Runs the relaying of one event in a span of the delivery's trace, read from the traceparent stored with the
     * event (a new trace when there is none, or it cannot be read).
     */
    boolean relayIn(String deliveryTrace, BooleanSupplier relay) {
        TraceContext delivery = delivery(deliveryTrace);
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

    private TraceContext delivery(String traceParent) {
        Matcher parts = parts(traceParent);
        if (parts == null) {
            return null;
        }
        return tracer.traceContextBuilder()
                .traceId(parts.group(1))
                .spanId(parts.group(2))
                .sampled((Integer.parseInt(parts.group(3), 16) & SAMPLED) != 0)
                .build();
    }

    /** Trace id, span id and flags of a readable traceparent; null for anything else. */
    private static Matcher parts(String traceParent) {
        if (traceParent == null) {
            return null;
        }
        Matcher parts = TRACE_PARENT.matcher(traceParent);
        return parts.matches() && continuable(parts.group(1), parts.group(2)) ? parts : null;
    }

    /**
     * Lower-case hex of the right length and not all zeros: all-zero ids mark an invalid trace in W3C Trace Context,
     * and a parent with them would be dropped anyway.
     */
    private static boolean continuable(String traceId, String spanId) {
        return TraceId.isValid(traceId) && SpanId.isValid(spanId);
    }
}
