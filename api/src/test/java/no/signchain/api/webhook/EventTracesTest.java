package no.signchain.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A relay continues the trace stored with its event, in whichever process it runs; an event without a readable one is
 * still relayed, in a trace of its own.
 */
class EventTracesTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build();
    private final Tracer tracer =
            new OtelTracer(provider.get("event-traces-test"), new OtelCurrentTraceContext(), event -> {});

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void aRelayInAnotherProcessContinuesTheDeliverysTrace() {
        Span delivery = tracer.nextSpan().name("delivery").start();
        String stored;
        try (Tracer.SpanInScope ignored = tracer.withSpan(delivery)) {
            stored = new EventTraces(tracer).current();
        } finally {
            delivery.end();
        }

        // A fresh instance, as in another API process or after a restart: only the stored value links the two.
        boolean relayed = new EventTraces(tracer).relayIn(stored, () -> true);

        assertThat(relayed).isTrue();
        assertThat(stored)
                .isEqualTo("00-" + delivery.context().traceId() + "-"
                        + delivery.context().spanId() + "-01");
        SpanData relay = relaySpan();
        assertThat(relay.getTraceId()).isEqualTo(delivery.context().traceId());
        assertThat(relay.getParentSpanId()).isEqualTo(delivery.context().spanId());
    }

    @Test
    void outsideATraceThereIsNothingToStore() {
        assertThat(new EventTraces(tracer).current()).isNull();
        assertThat(EventTraces.none().current()).isNull();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "not a traceparent",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
                "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"
            })
    void anEventWithoutAReadableTraceIsRelayedInATraceOfItsOwn(String stored) {
        boolean relayed = new EventTraces(tracer).relayIn(stored, () -> true);

        assertThat(relayed).isTrue();
        SpanData relay = relaySpan();
        assertThat(relay.getParentSpanContext().isValid()).as("a root span").isFalse();
        assertThat(relay.getTraceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    private SpanData relaySpan() {
        assertThat(spans.getFinishedSpanItems())
                .filteredOn(span -> span.getName().equals("webhook relay"))
                .hasSize(1);
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().equals("webhook relay"))
                .findFirst()
                .orElseThrow();
    }
}
