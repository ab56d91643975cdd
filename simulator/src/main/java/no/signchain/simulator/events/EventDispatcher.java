package no.signchain.simulator.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorInfrastructure;
import no.signchain.simulator.SimulatorProperties;
import no.signchain.simulator.control.KnobStore;
import no.signchain.simulator.control.Knobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Delivers event envelopes to every subscription, asynchronously (never on the API request's thread): POST with
 * {@code Content-Type: application/json} and the {@code Signicat-Signature} HMAC header; a delivery not answered
 * 2xx is retried with exponential backoff (retry-initial, doubling, capped at retry-max) until the event's
 * expiresAt. Applies the event knobs: drop, duplicate, delay, reorder.
 */
@Component
@InSimulatorContext
public class EventDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);

    /** Counters, as served by {@code GET /simulator/control/events}. */
    public record Stats(
            long published,
            long deliveries,
            long delivered,
            long dropped,
            long duplicated,
            long pending,
            long failedAttempts,
            long expired) {}

    private final class Delivery {
        final SubscriptionRegistry.Registered subscription;
        final PublishedEvent event;
        final byte[] body;
        final Instant expiresAt;
        final long generation;
        int attempt;

        Delivery(
                SubscriptionRegistry.Registered subscription,
                PublishedEvent event,
                byte[] body,
                Instant expiresAt,
                long generation) {
            this.subscription = subscription;
            this.event = event;
            this.body = body;
            this.expiresAt = expiresAt;
            this.generation = generation;
        }
    }

    private final SubscriptionRegistry subscriptions;
    private final KnobStore knobs;
    private final SimulatorProperties.Events config;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final HttpClient http;

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong generation = new AtomicLong();

    private final Object reorderLock = new Object();
    private final List<Delivery> held = new ArrayList<>();
    private ScheduledFuture<?> flushTimer;

    public EventDispatcher(
            SubscriptionRegistry subscriptions, KnobStore knobs, SimulatorProperties props, Clock simulatorClock) {
        this.subscriptions = subscriptions;
        this.knobs = knobs;
        this.config = props.events();
        this.clock = simulatorClock;
        this.executor = Executors.newScheduledThreadPool(
                config.deliveryThreads(), SimulatorInfrastructure.daemonThreads("signchain-sim-events-"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Queues the event for every current subscription and returns at once. */
    void dispatch(PublishedEvent event, byte[] body, Instant expiresAt) {
        published.incrementAndGet();
        Knobs k = knobs.get();
        Random random = knobs.eventRandom();
        long gen = generation.get();
        for (SubscriptionRegistry.Registered sub : subscriptions.all()) {
            if (k.dropEventRate() > 0 && random.nextDouble() < k.dropEventRate()) {
                dropped.incrementAndGet();
                event.dropped.incrementAndGet();
                log.debug("Dropping event {} for {}", event.id(), sub);
                continue;
            }
            int copies = k.duplicateEvents() ? 2 : 1;
            if (copies == 2) {
                duplicated.incrementAndGet();
            }
            for (int c = 0; c < copies; c++) {
                deliveries.incrementAndGet();
                pending.incrementAndGet();
                enqueue(new Delivery(sub, event, body, expiresAt, gen), k);
            }
        }
    }

    private void enqueue(Delivery d, Knobs k) {
        if (k.reorderBatchSize() <= 1) {
            schedule(d, k.eventDelay());
            return;
        }
        List<Delivery> release = null;
        synchronized (reorderLock) {
            held.add(d);
            if (held.size() >= k.reorderBatchSize()) {
                release = takeHeld();
            } else if (flushTimer == null) {
                flushTimer = schedule(this::flushHeld, k.reorderMaxHold());
            }
        }
        if (release != null) {
            scheduleInOrder(release, k.eventDelay());
        }
    }

    /**
     * Delivers a released batch one after the other on one thread: scheduled separately, the deliveries would race
     * on the executor's threads and arrive in any order, which is not what the reorder knob promises.
     */
    private void scheduleInOrder(List<Delivery> batch, Duration delay) {
        if (batch.isEmpty()) {
            return;
        }
        if (schedule(() -> batch.forEach(this::attempt), delay) == null) {
            pending.addAndGet(-batch.size());
        }
    }

    private void flushHeld() {
        List<Delivery> release;
        synchronized (reorderLock) {
            flushTimer = null;
            release = takeHeld();
        }
        scheduleInOrder(release, knobs.get().eventDelay());
    }

    /** Everything held, in reverse order of arrival. Caller holds reorderLock. */
    private List<Delivery> takeHeld() {
        List<Delivery> out = new ArrayList<>(held);
        held.clear();
        if (flushTimer != null) {
            flushTimer.cancel(false);
            flushTimer = null;
        }
        Collections.reverse(out);
        return out;
    }

    private void schedule(Delivery d, Duration delay) {
        if (schedule(() -> attempt(d), delay) == null) {
            pending.decrementAndGet();
        }
    }

    private ScheduledFuture<?> schedule(Runnable r, Duration delay) {
        try {
            return executor.schedule(r, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // shutting down
        }
    }

    private void attempt(Delivery d) {
        if (d.generation != generation.get()) {
            pending.decrementAndGet(); // reset since queued
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(d.expiresAt)) {
            giveUp(d);
            return;
        }
        int status = -1;
        try {
            long t = now.getEpochSecond();
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(d.subscription.url()))
                    .timeout(config.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "signchain-simulator")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(d.body));
            if (d.subscription.secret() != null && !d.subscription.secret().isEmpty()) {
                req.header(EventNames.SIGNATURE_HEADER, WebhookSignature.header(d.subscription.secret(), t, d.body));
            }
            status = http.send(req.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException | IllegalArgumentException e) {
            log.debug("Delivery of event {} to {} failed: {}", d.event.id(), d.subscription, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.decrementAndGet();
            return;
        }
        if (status >= 200 && status < 300) {
            delivered.incrementAndGet();
            d.event.delivered.incrementAndGet();
            pending.decrementAndGet();
            return;
        }
        failedAttempts.incrementAndGet();
        d.event.failedAttempts.incrementAndGet();
        long factor = 1L << Math.min(d.attempt, 30);
        Duration backoff = config.retryInitial().multipliedBy(factor);
        if (backoff.compareTo(config.retryMax()) > 0) {
            backoff = config.retryMax();
        }
        d.attempt++;
        if (clock.instant().plus(backoff).isAfter(d.expiresAt)) {
            giveUp(d);
            return;
        }
        log.debug(
                "Event {} to {} answered {}, retry {} in {}", d.event.id(), d.subscription, status, d.attempt, backoff);
        schedule(d, backoff);
    }

    private void giveUp(Delivery d) {
        expired.incrementAndGet();
        pending.decrementAndGet();
        log.info("Event {} to {} expired undelivered after {} attempts", d.event.id(), d.subscription, d.attempt);
    }

    public Stats stats() {
        return new Stats(
                published.get(),
                deliveries.get(),
                delivered.get(),
                dropped.get(),
                duplicated.get(),
                pending.get(),
                failedAttempts.get(),
                expired.get());
    }

    /** Cancels every queued delivery and zeroes the counters (control API reset). */
    public void reset() {
        generation.incrementAndGet();
        synchronized (reorderLock) {
            pending.addAndGet(-held.size());
            held.clear();
            if (flushTimer != null) {
                flushTimer.cancel(false);
                flushTimer = null;
            }
        }
        published.set(0);
        deliveries.set(0);
        delivered.set(0);
        dropped.set(0);
        duplicated.set(0);
        failedAttempts.set(0);
        expired.set(0);
        // pending drains as stale deliveries come up; it is not zeroed so it never goes negative.
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
        http.shutdownNow();
    }
}
