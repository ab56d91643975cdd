package no.signchain.worker.observability;

import io.nexusrpc.handler.OperationContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentracing.References;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.tag.Tag;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.NexusOperationInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import io.temporal.opentracing.SpanCreationContext;
import io.temporal.opentracing.internal.ActionTypeAndNameSpanBuilderProvider;
import io.temporal.opentracing.internal.ContextAccessor;

/**
 * Temporal's OpenTracing interceptors over the process's OpenTelemetry, arranged so that a handoff is one trace: the
 * provider's event, the relay's signal, the workflow's handling of it, and the activities the workflow runs because
 * of it, down to their Sign API calls.
 * <p>
 * Temporal's defaults would split it. A handled signal only <em>follows from</em> the signal, which OpenTelemetry's
 * shim turns into a new trace with a link; and every activity is a child of the workflow run, so a contract's
 * activities all sit in the trace of the request that started it, days ago. Here a handled signal is the signal's
 * child, and an activity is scheduled in the trace of the last signal the workflow handled (the run's before the
 * first). Tracing only: nothing here reaches the workflow's commands or its history.
 */
public final class WorkflowTracing implements WorkerInterceptor {

    private final Tracer tracer;
    private final OpenTracingWorkerInterceptor temporal;
    private final ContextAccessor headers;

    public WorkflowTracing(OpenTelemetry openTelemetry) {
        this.tracer = OpenTracingShim.createTracerShim(openTelemetry);
        OpenTracingOptions options = OpenTracingOptions.newBuilder()
                .setTracer(tracer)
                .setSpanBuilderProvider(WorkflowTracing::spanBuilder)
                .build();
        this.temporal = new OpenTracingWorkerInterceptor(options);
        this.headers = new ContextAccessor(options);
    }

    /** The tracer Temporal's client interceptor should use too. */
    public Tracer tracer() {
        return tracer;
    }

    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
        // Temporal's interceptor outside: a signal reaches LastSignal with its span active, and an activity leaves
        // LastSignal's outbound before Temporal's starts its span.
        return new SignalParent(temporal.interceptWorkflow(new LastSignal(next, tracer)), tracer, headers);
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return temporal.interceptActivity(next);
    }

    @Override
    public NexusOperationInboundCallsInterceptor interceptNexusOperation(
            OperationContext context, NexusOperationInboundCallsInterceptor next) {
        return temporal.interceptNexusOperation(context, next);
    }

    private static Tracer.SpanBuilder spanBuilder(Tracer tracer, SpanCreationContext context) {
        return new ChildOfFollowed(ActionTypeAndNameSpanBuilderProvider.INSTANCE.createSpanBuilder(tracer, context));
    }

    /**
     * Makes the signal's span, from its header, the current one while Temporal's interceptor handles it: Temporal's
     * span factory takes the current span over the header's, and in a fresh workflow thread that is no span at all.
     */
    private static final class SignalParent extends WorkflowInboundCallsInterceptorBase {

        private final Tracer tracer;
        private final ContextAccessor headers;

        SignalParent(WorkflowInboundCallsInterceptor next, Tracer tracer, ContextAccessor headers) {
            super(next);
            this.tracer = tracer;
            this.headers = headers;
        }

        @Override
        public void handleSignal(SignalInput input) {
            SpanContext sent = headers.readSpanContextFromHeader(input.getHeader(), tracer);
            if (sent == null || sent.toTraceId().isEmpty() || sent.toSpanId().isEmpty()) {
                super.handleSignal(input);
                return;
            }
            io.opentelemetry.api.trace.SpanContext signal =
                    io.opentelemetry.api.trace.SpanContext.createFromRemoteParent(
                            sent.toTraceId(), sent.toSpanId(), TraceFlags.getSampled(), TraceState.getDefault());
            try (io.opentelemetry.context.Scope ignored = Context.current()
                    .with(io.opentelemetry.api.trace.Span.wrap(signal))
                    .makeCurrent()) {
                super.handleSignal(input);
            }
        }
    }

    /** Remembers the span of the last signal handled, and schedules activities in it. */
    private static final class LastSignal extends WorkflowInboundCallsInterceptorBase {

        private final Tracer tracer;
        private Span cause;

        LastSignal(WorkflowInboundCallsInterceptor next, Tracer tracer) {
            super(next);
            this.tracer = tracer;
        }

        @Override
        public void init(WorkflowOutboundCallsInterceptor outbound) {
            super.init(new WorkflowOutboundCallsInterceptorBase(outbound) {
                @Override
                public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
                    if (cause == null) {
                        return super.executeActivity(input);
                    }
                    try (io.opentracing.Scope ignored = tracer.activateSpan(cause)) {
                        return super.executeActivity(input);
                    }
                }

                @Override
                public <R> LocalActivityOutput<R> executeLocalActivity(LocalActivityInput<R> input) {
                    if (cause == null) {
                        return super.executeLocalActivity(input);
                    }
                    try (io.opentracing.Scope ignored = tracer.activateSpan(cause)) {
                        return super.executeLocalActivity(input);
                    }
                }
            });
        }

        @Override
        public void handleSignal(SignalInput input) {
            Span handling = tracer.activeSpan();
            if (handling != null) {
                cause = handling;
            }
            super.handleSignal(input);
        }
    }

    /** Temporal's span builder, with a follows-from reference made the parent (the shim would start a new trace). */
    private record ChildOfFollowed(Tracer.SpanBuilder builder) implements Tracer.SpanBuilder {

        @Override
        public Tracer.SpanBuilder asChildOf(SpanContext parent) {
            return new ChildOfFollowed(builder.asChildOf(parent));
        }

        @Override
        public Tracer.SpanBuilder asChildOf(Span parent) {
            return new ChildOfFollowed(builder.asChildOf(parent));
        }

        @Override
        public Tracer.SpanBuilder addReference(String referenceType, SpanContext referenced) {
            return new ChildOfFollowed(
                    References.FOLLOWS_FROM.equals(referenceType)
                            ? builder.asChildOf(referenced)
                            : builder.addReference(referenceType, referenced));
        }

        @Override
        public Tracer.SpanBuilder ignoreActiveSpan() {
            return new ChildOfFollowed(builder.ignoreActiveSpan());
        }

        @Override
        public Tracer.SpanBuilder withTag(String key, String value) {
            return new ChildOfFollowed(builder.withTag(key, value));
        }

        @Override
        public Tracer.SpanBuilder withTag(String key, boolean value) {
            return new ChildOfFollowed(builder.withTag(key, value));
        }

        @Override
        public Tracer.SpanBuilder withTag(String key, Number value) {
            return new ChildOfFollowed(builder.withTag(key, value));
        }

        @Override
        public <T> Tracer.SpanBuilder withTag(Tag<T> tag, T value) {
            return new ChildOfFollowed(builder.withTag(tag, value));
        }

        @Override
        public Tracer.SpanBuilder withStartTimestamp(long microseconds) {
            return new ChildOfFollowed(builder.withStartTimestamp(microseconds));
        }

        @Override
        public Span start() {
            return builder.start();
        }
    }
}
