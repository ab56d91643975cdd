package no.signchain.api.webhook;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
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

    private static final String NO_TRACE = "0".repeat(32);
    private static final String NO_SPAN = "0".repeat(16);
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
        if (current == null) {
            return null;
        }
        String traceParent = "00-%s-%s-%02x"
                .formatted(current.traceId(), current.spanId(), Boolean.TRUE.equals(current.sampled()) ? SAMPLED : 0);
        // Without a tracer the context is a no-op one with empty ids: nothing to continue.
        return parts(traceParent) == null ? null : traceParent;
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
        // All-zero ids mark an invalid trace in W3C Trace Context; a parent with them would be dropped anyway.
        if (!parts.matches()
                || parts.group(1).equals(NO_TRACE)
                || parts.group(2).equals(NO_SPAN)) {
            return null;
        }
        return parts;
    }
}
