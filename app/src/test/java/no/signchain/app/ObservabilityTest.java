package no.signchain.app;

import static no.signchain.app.Contracts.AKSEL;
import static no.signchain.app.Contracts.OLE;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import no.signchain.activities.pdf.TestPdfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What an operator sees of a contract: Temporal's and signchain's metrics on Prometheus's scrape, one trace from a
 * webhook delivery through the relay's signal and the workflow to the Sign API call that opens the next signer's
 * session, and JSON log lines that name the contract and never a signer's identity number.
 */
@SpringBootTest(
        classes = SignchainApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "signchain.temporal.task-queue=observability-test")
@Import(ObservabilityTest.Spans.class)
class ObservabilityTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Spans {
        /** Spring Boot's tracing exports to every SpanExporter bean: this one keeps them for the test to read. */
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedSimulator simulator;

    @Autowired
    InMemorySpanExporter spans;

    @RegisterExtension
    final LogCapture log = new LogCapture();

    SignchainHttp http;

    @BeforeEach
    void connect() {
        http = new SignchainHttp(port, simulator.root().toString());
        http.resetSimulatorKnobs();
    }

    @Test
    void aContractShowsInMetricsTracesAndLogs() {
        String id = submitTwoSigners();
        http.decide(http.awaitSignatureUrl(id, 1), "sign");
        http.decide(http.awaitSignatureUrl(id, 2), "sign");
        http.awaitStatus(id, "COMPLETED");

        // Temporal's reporter publishes every 10 s, so its series may take that long to appear.
        String scrape = await(
                "temporal_ and signchain_ series on /actuator/prometheus",
                this::scrape,
                text -> text.contains("temporal_request_total")
                        && value(text, "signchain_contracts_ended_total", "status=\"completed\"") >= 1);
        assertThat(value(scrape, "signchain_contracts_started_total", "provider=\"signicat-v2\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "signchain_handoff_seconds_count", "provider=\"signicat-v2\""))
                .as("signer 1 signed to signer 2's session")
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "signchain_webhook_events_received_total", "outcome=\"stored\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "signchain_webhook_events_relayed_total", "outcome=\"signalled\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(scrape, "signchain_webhook_inbox_group_size_events_count", ""))
                .as("inbox writes, each of one or more events")
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape).contains("temporal_request_total", "signchain_provider_requests_seconds_count");
        assertThat(scrape).doesNotContain(AKSEL.nationalId(), OLE.nationalId(), id);

        // The webhook delivery, the relay's signal and the workflow's handling of it: one trace.
        // Spans are exported as they end, a parent after its children: wait for the activities around the calls.
        List<SpanData> finished = await(
                "the workflow's handling of a relayed signal, and the activities around each Sign API call",
                spans::getFinishedSpanItems,
                all -> all.stream().anyMatch(span -> span.getName().startsWith("HandleSignal:"))
                        && all.stream()
                                .filter(span -> span.getKind() == SpanKind.CLIENT)
                                .allMatch(call -> all.stream()
                                        .anyMatch(other -> other.getSpanId().equals(call.getParentSpanId()))));
        Set<String> webhookTraces = finished.stream()
                .filter(span -> span.getName().equals("http post /webhooks/signicat"))
                .map(SpanData::getTraceId)
                .collect(Collectors.toSet());
        assertThat(webhookTraces).as("webhook deliveries traced").isNotEmpty();
        assertThat(finished)
                .filteredOn(span -> webhookTraces.contains(span.getTraceId()))
                .extracting(SpanData::getName)
                .contains("webhook relay")
                .anyMatch(name -> name.startsWith("SignalWorkflow:"));
        assertThat(finished)
                .as("each Sign API call is a span of the activity that makes it")
                .filteredOn(span -> span.getKind() == SpanKind.CLIENT)
                .isNotEmpty()
                .allMatch(call -> parentOf(call, finished).getName().startsWith("RunActivity:"));
        if (onRealTemporal()) {
            // Temporal's Java test server drops a signal's headers, so only a real server carries the trace on.
            assertThat(webhookTraces)
                    .as("a webhook's trace reaching the provider call that opens signer 2's session")
                    .anyMatch(trace -> finished.stream()
                            .filter(span -> span.getTraceId().equals(trace))
                            .anyMatch(span -> span.getKind() == SpanKind.CLIENT
                                    && span.getName().equals("POST")
                                    && parentOf(span, finished).getName().equals("RunActivity:OpenSession")));
        }
        for (SpanData span : finished) {
            assertThat(span.getAttributes().toString()).doesNotContain(AKSEL.nationalId(), OLE.nationalId());
        }

        // Activity log lines, as the jars write them (ECS JSON), carry the contract and its workflow.
        List<String> json = asEcsJson(log.events());
        assertThat(json)
                .filteredOn(line -> line.contains("\"contractId\":\"" + id + "\""))
                .isNotEmpty()
                .allMatch(line -> line.contains("\"WorkflowId\":\"contract-" + id + "\""));
        assertThat(String.join("\n", json)).doesNotContain(AKSEL.nationalId(), OLE.nationalId());
    }

    private static SpanData parentOf(SpanData span, List<SpanData> all) {
        return all.stream()
                .filter(other -> other.getSpanId().equals(span.getParentSpanId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no parent span for " + span));
    }

    /** CI runs the app's tests a second time against the real dev server (see .ci/run). */
    private static boolean onRealTemporal() {
        String address = System.getenv("TEMPORAL_ADDRESS");
        return address != null && !address.isBlank();
    }

    private String submitTwoSigners() {
        SignchainHttp.Response response = http.submit(
                Contracts.json("Observed agreement", List.of(AKSEL, OLE)), TestPdfs.contract("Observed agreement"));
        assertThat(response.status())
                .as("submit: %s", new String(response.body()))
                .isEqualTo(201);
        return response.json().get("id").asString();
    }

    private String scrape() {
        SignchainHttp.Response response = http.get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The sum of a series' samples whose labels include {@code label}. */
    private static double value(String scrape, String series, String label) {
        Matcher sample = Pattern.compile("^" + Pattern.quote(series) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        double sum = 0;
        while (sample.find()) {
            if (sample.group(1).contains(label)) {
                sum += Double.parseDouble(sample.group(2));
            }
        }
        return sum;
    }

    private static List<String> asEcsJson(List<ILoggingEvent> events) {
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setFormat("ecs");
        encoder.setContext(
                ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                        .getLoggerContext());
        encoder.start();
        try {
            return events.stream()
                    .map(event -> new String(encoder.encode(event), StandardCharsets.UTF_8))
                    .toList();
        } finally {
            encoder.stop();
        }
    }

    private static <T> T await(String what, Supplier<T> read, Predicate<T> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        T last = read.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Still waiting for " + what);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = read.get();
        }
        return last;
    }
}
