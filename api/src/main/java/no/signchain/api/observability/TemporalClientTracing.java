package no.signchain.api.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts and signals to workflows are spans of the request (or relay) that makes them, and carry its trace to the
 * workers in Temporal's headers. Wired here rather than by the Temporal starter, whose own tracing is switched off
 * (signchain-temporal.yml) so the workers can arrange theirs ({@code WorkflowTracing} in the worker module).
 */
@Configuration(proxyBeanMethods = false)
public class TemporalClientTracing {

    @Bean
    WorkflowClientInterceptor temporalClientSpans(ObjectProvider<OpenTelemetry> openTelemetry) {
        return new OpenTracingClientInterceptor(OpenTracingOptions.newBuilder()
                .setTracer(OpenTracingShim.createTracerShim(openTelemetry.getIfAvailable(OpenTelemetry::noop)))
                .build());
    }
}
