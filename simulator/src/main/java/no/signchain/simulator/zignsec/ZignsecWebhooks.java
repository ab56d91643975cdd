package no.signchain.simulator.zignsec;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorBaseUrl;
import no.signchain.simulator.control.KnobStore;
import no.signchain.simulator.control.Knobs;
import no.signchain.simulator.events.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers a ZignSec session's state changes to its webhook (the session's {@code webhook}, else the tenant's
 * configured one): the session as {@code GET} shows it, signed {@code X-ZignSec-Hmac-SHA256: t=…,v1=…}; a delivery
 * not answered 2xx is retried with a doubling delay, at most {@code maxAttempts} times within {@code retryWindow}
 * (ZignSec: 20 times in 48 hours). The event knobs {@code dropEventRate}, {@code duplicateEvents} and
 * {@code eventDelay} apply.
 */
@Component
@InSimulatorContext
public class ZignsecWebhooks {

    static final String HEADER = "X-ZignSec-Hmac-SHA256";
    private static final Logger log = LoggerFactory.getLogger(ZignsecWebhooks.class);

    private final ZignsecSimulatorProperties settings;
    private final KnobStore knobs;
    private final SimulatorBaseUrl baseUrl;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private volatile String tenantWebhook;
    /** Every state change sent or dropped, for the control API: what signchain should have received. */
    private final Queue<Map<String, Object>> emitted = new ConcurrentLinkedQueue<>();

    public ZignsecWebhooks(
            ZignsecSimulatorProperties settings,
            KnobStore knobs,
            SimulatorBaseUrl baseUrl,
            ScheduledExecutorService simulatorScheduler,
            Clock simulatorClock) {
        this.settings = settings;
        this.knobs = knobs;
        this.baseUrl = baseUrl;
        this.scheduler = simulatorScheduler;
        this.clock = simulatorClock;
        this.tenantWebhook = settings.webhookUrl();
    }

    /** The tenant's webhook, for sessions created without one (the all-in-one app sets it once its port is known). */
    public void setTenantWebhook(String url) {
        this.tenantWebhook = url;
    }

    void stateChanged(ZignsecSession session) {
        String target = session.webhook != null ? session.webhook : tenantWebhook;
        if (target == null || target.isBlank()) {
            return;
        }
        Map<String, Object> view = ZignsecSessions.view(session, baseUrl.get());
        byte[] body = json.writeValueAsBytes(view);
        Knobs k = knobs.get();
        boolean dropped = k.dropEventRate() > 0 && knobs.eventRandom().nextDouble() < k.dropEventRate();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("signingSessionId", session.id);
        record.put("status", view.get("status"));
        record.put("dropped", dropped);
        emitted.add(record);
        if (dropped) {
            log.debug("Dropping the ZignSec delivery of session {} {}", session.id, view.get("status"));
            return;
        }
        Instant deadline = clock.instant().plus(settings.retryWindow());
        Duration first = k.eventDelay() == null ? Duration.ZERO : k.eventDelay();
        for (int copy = 0; copy < (k.duplicateEvents() ? 2 : 1); copy++) {
            schedule(URI.create(target), body, 1, deadline, first);
        }
    }

    /** The state changes emitted so far, oldest first: session id, status, and whether the drop knob ate it. */
    List<Map<String, Object>> emitted() {
        return List.copyOf(emitted);
    }

    private void schedule(URI target, byte[] body, int attempt, Instant deadline, Duration delay) {
        scheduler.schedule(() -> deliver(target, body, attempt, deadline), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deliver(URI target, byte[] body, int attempt, Instant deadline) {
        String signature = WebhookSignature.header(
                settings.webhookSecret(), clock.instant().getEpochSecond(), body);
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(HEADER, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                return;
            }
            Duration next = settings.retryInitial().multipliedBy(1L << Math.min(attempt - 1, 20));
            if (next.compareTo(settings.retryMax()) > 0) {
                next = settings.retryMax();
            }
            if (attempt >= settings.maxAttempts() || clock.instant().plus(next).isAfter(deadline)) {
                log.info("Giving up the ZignSec delivery to {} after {} attempts", target, attempt);
                return;
            }
            log.debug(
                    "ZignSec delivery to {} failed ({}); attempt {} in {}",
                    target,
                    failure != null ? failure.toString() : response.statusCode(),
                    attempt + 1,
                    next);
            schedule(target, body, attempt + 1, deadline, next);
        });
    }
}
