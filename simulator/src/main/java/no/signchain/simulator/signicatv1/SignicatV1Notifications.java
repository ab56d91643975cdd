package no.signchain.simulator.signicatv1;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import no.signchain.simulator.control.KnobStore;
import no.signchain.simulator.control.Knobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sign API v1's URL notifications: when a task reaches a status one of its URL notifications is scheduled for, the
 * recipient URL is called ({@code GET}) with {@code requestId}, {@code taskId} and {@code message} as URL parameters.
 * Anything but 200 (another 2xx too, as Signicat says) is retried with a doubling delay for {@code retryWindow}
 * (Signicat: 24 hours). The event knobs {@code dropEventRate}, {@code duplicateEvents} and {@code eventDelay} apply.
 */
@Component
@InSimulatorContext
public class SignicatV1Notifications {

    private static final Logger log = LoggerFactory.getLogger(SignicatV1Notifications.class);

    private final SignicatV1SimulatorProperties settings;
    private final KnobStore knobs;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    /** Every notification sent or dropped, for the control API: what signchain should have received. */
    private final Queue<Map<String, Object>> emitted = new ConcurrentLinkedQueue<>();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public SignicatV1Notifications(
            SignicatV1SimulatorProperties settings,
            KnobStore knobs,
            ScheduledExecutorService simulatorScheduler,
            Clock simulatorClock) {
        this.settings = settings;
        this.knobs = knobs;
        this.scheduler = simulatorScheduler;
        this.clock = simulatorClock;
    }

    /** The task has just reached its current status: call every URL notification scheduled for it. */
    void reached(SignicatV1Order order, SignicatV1Order.Task task) {
        SignicatV1Order.Status status;
        synchronized (task) {
            status = task.status;
        }
        for (SignicatV1Order.UrlNotification n : task.notifications) {
            if (n.triggerStatus() != status) {
                continue;
            }
            Knobs k = knobs.get();
            boolean dropped = k.dropEventRate() > 0 && knobs.eventRandom().nextDouble() < k.dropEventRate();
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("requestId", order.id);
            record.put("taskId", task.id);
            record.put("message", placeholders(n.message(), order, task));
            record.put("dropped", dropped);
            emitted.add(record);
            if (dropped) {
                log.debug("Dropping the Sign API v1 notification of task {}:{} {}", order.id, task.id, status);
                continue;
            }
            URI target = URI.create(n.recipient()
                    + (n.recipient().contains("?") ? "&" : "?")
                    + "requestId=" + enc(order.id)
                    + "&taskId=" + enc(task.id)
                    + "&message=" + enc(placeholders(n.message(), order, task)));
            Instant deadline = clock.instant().plus(settings.retryWindow());
            Duration first = k.eventDelay() == null ? Duration.ZERO : k.eventDelay();
            for (int copy = 0; copy < (k.duplicateEvents() ? 2 : 1); copy++) {
                schedule(target, 1, deadline, first);
            }
        }
    }

    /** The notifications emitted so far, oldest first: requestId, taskId, message, and whether the knob ate it. */
    List<Map<String, Object>> emitted() {
        return List.copyOf(emitted);
    }

    /** The order- and task-specific placeholders the seed lists, as far as the simulator knows their values. */
    private static String placeholders(String message, SignicatV1Order order, SignicatV1Order.Task task) {
        return message.replace("${orderId}", order.id)
                .replace("${clientRef}", order.clientReference == null ? "" : order.clientReference);
    }

    private void schedule(URI target, int attempt, Instant deadline, Duration delay) {
        scheduler.schedule(() -> deliver(target, attempt, deadline), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deliver(URI target, int attempt, Instant deadline) {
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() == 200) {
                return;
            }
            Duration next = settings.retryInitial().multipliedBy(1L << Math.min(attempt - 1, 20));
            if (next.compareTo(settings.retryMax()) > 0) {
                next = settings.retryMax();
            }
            if (clock.instant().plus(next).isAfter(deadline)) {
                log.info("Giving up a Sign API v1 URL notification after {} attempts (24 hours)", attempt);
                return;
            }
            log.debug(
                    "Sign API v1 URL notification failed ({}); attempt {} in {}",
                    failure != null ? failure.toString() : response.statusCode(),
                    attempt + 1,
                    next);
            schedule(target, attempt + 1, deadline, next);
        });
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
