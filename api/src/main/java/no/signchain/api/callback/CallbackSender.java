package no.signchain.api.callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import no.signchain.store.callback.CallbackOrigin;
import no.signchain.store.callback.CallbackOutbox;
import no.signchain.store.callback.ClaimedDelivery;
import no.signchain.store.callback.DeliveryTarget;
import no.signchain.store.callback.UndispatchedEvent;
import no.signchain.store.contract.NationalId;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers callbacks from the outbox, in the API process, on a schedule: several API processes may run it at once.
 * <ol>
 *   <li><b>Dispatch.</b> Recorded events are claimed ({@code for update skip locked}), rendered once, and given one
 *       delivery per target: the contract's {@code callbackUrl} and every configured subscription.</li>
 *   <li><b>Deliver.</b> Up to {@code concurrency} deliveries at once, each first in line for its contract and target,
 *       claimed with a lease. An attempt POSTs the body with Standard Webhooks headers (the same {@code webhook-id} on
 *       every attempt, the attempt's own timestamp) through OkHttp with the {@link CallbackTargets} checks, no
 *       redirects, no proxy, bounded timeouts and a bounded read of the answer. A 2xx answer delivers it; anything
 *       else is retried after an exponential backoff with jitter until {@code retry-for} has passed since it was
 *       created (or redelivered); then it is {@code FAILED}.</li>
 * </ol>
 */
public class CallbackSender implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);
    private static final int DISPATCH_BATCH = 100;
    private static final int MAX_ERROR = 500;
    private static final MediaType JSON = MediaType.get("application/json");

    private final CallbackOutbox outbox;
    private final CallbackSigning signing;
    private final CallbackTargets targets;
    private final CallbackProperties settings;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final OkHttpClient base;
    private final Map<CallbackOrigin, OkHttpClient> clients = new EnumMap<>(CallbackOrigin.class);
    private final ExecutorService workers;
    private final Semaphore slots;

    public CallbackSender(
            CallbackOutbox outbox,
            CallbackSigning signing,
            CallbackTargets targets,
            CallbackProperties settings,
            PlatformTransactionManager transactions,
            Clock clock) {
        this.outbox = outbox;
        this.signing = signing;
        this.targets = targets;
        this.settings = settings;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
        this.base = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                // On: a receiver that closed an idle pooled connection would otherwise fail the next attempt
                // ("unexpected end of stream"). OkHttp then sends the request again on a fresh connection, so a
                // receiver may see it twice: at least once, the same webhook-id, which receivers deduplicate by.
                .retryOnConnectionFailure(true)
                .proxy(Proxy.NO_PROXY)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout())
                .callTimeout(settings.callTimeout())
                .build();
        for (CallbackOrigin origin : CallbackOrigin.values()) {
            clients.put(
                    origin,
                    base.newBuilder()
                            .dns(targets.dns(origin))
                            .addNetworkInterceptor(targets.connectedAddressCheck(origin))
                            .build());
        }
        this.workers = Executors.newFixedThreadPool(
                settings.concurrency(),
                Thread.ofPlatform().name("callback-sender-", 1).daemon().factory());
        this.slots = new Semaphore(settings.concurrency());
    }

    /** Dispatches what was recorded, then starts attempts on what is due, as far as free slots go. */
    @Scheduled(fixedDelayString = "${signchain.callbacks.poll-interval:PT1S}")
    public void tick() {
        if (!signing.enabled()) {
            return;
        }
        try {
            dispatchAll();
            while (slots.tryAcquire()) {
                // The slot goes back unless a sender thread took the claim over, also when claiming failed: a slot
                // kept by a failed claim would be gone for good, and after `concurrency` of them (a database blip
                // at the wrong moment) this process would never send a callback again.
                boolean handedOver = false;
                try {
                    Optional<ClaimedDelivery> claim = outbox.claimNext(settings.lease());
                    if (claim.isEmpty()) {
                        return;
                    }
                    workers.execute(() -> {
                        try {
                            attemptWhileDue(claim.get());
                        } finally {
                            slots.release();
                        }
                    });
                    handedOver = true;
                } finally {
                    if (!handedOver) {
                        slots.release();
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Sending callbacks failed; trying again on the next run: {}", e.toString());
        }
    }

    void dispatchAll() {
        boolean more = true;
        while (more) {
            more = Boolean.TRUE.equals(tx.execute(status -> {
                List<UndispatchedEvent> events = outbox.claimUndispatched(DISPATCH_BATCH);
                for (UndispatchedEvent event : events) {
                    outbox.dispatch(event, CallbackPayloads.render(event), targetsOf(event), settings.retryFor());
                }
                return events.size() == DISPATCH_BATCH;
            }));
        }
    }

    /** The contract's own URL first (the stricter checks win when a subscription names the same URL). */
    private List<DeliveryTarget> targetsOf(UndispatchedEvent event) {
        Set<String> seen = new LinkedHashSet<>();
        List<DeliveryTarget> list = new ArrayList<>();
        if (event.callbackUrl() != null && seen.add(event.callbackUrl())) {
            list.add(new DeliveryTarget(event.callbackUrl(), CallbackOrigin.CONTRACT));
        }
        for (String url : settings.subscriptions()) {
            if (seen.add(url)) {
                list.add(new DeliveryTarget(url, CallbackOrigin.SUBSCRIPTION));
            }
        }
        return list;
    }

    private void attemptWhileDue(ClaimedDelivery first) {
        ClaimedDelivery next = first;
        while (next != null) {
            try {
                attempt(next);
                next = outbox.claimNext(settings.lease()).orElse(null);
            } catch (RuntimeException e) {
                // The database, most likely; the lease runs out and the delivery is attempted again.
                log.warn("Callback delivery {} could not be settled: {}", next.id(), e.toString());
                next = null;
            }
        }
    }

    /** One attempt of one delivery, its outcome stored. */
    void attempt(ClaimedDelivery claim) {
        CallbackSigner signer = signing.signer().orElseThrow();
        String webhookId = CallbackPayloads.webhookId(claim.eventId());
        HttpUrl url = HttpUrl.parse(claim.targetUrl());
        try {
            if (url == null) {
                throw new CallbackTargets.RefusedTarget("refused: not a URL");
            }
            targets.preflight(url, claim.origin());
            Request.Builder request = new Request.Builder()
                    .url(url)
                    .post(RequestBody.create(claim.payload().getBytes(StandardCharsets.UTF_8), JSON))
                    .header("User-Agent", "signchain-callbacks/1");
            signer.headers(webhookId, clock.instant(), claim.payload()).forEach(request::header);
            try (Response response =
                    clients.get(claim.origin()).newCall(request.build()).execute()) {
                drain(response);
                int code = response.code();
                if (code >= 200 && code < 300) {
                    outbox.delivered(claim, code);
                    log.debug("Callback {} {} of contract {} delivered", webhookId, claim.type(), claim.contractId());
                    return;
                }
                failed(
                        claim,
                        code,
                        code >= 300 && code < 400
                                ? "answered " + code + " (redirects are not followed)"
                                : "answered " + code);
            }
        } catch (IOException e) {
            failed(claim, null, describe(e));
        } catch (RuntimeException e) {
            log.warn("Callback delivery {} failed unexpectedly", claim.id(), e);
            failed(claim, null, "failed in signchain: " + e.getClass().getSimpleName());
        }
    }

    private void failed(ClaimedDelivery claim, Integer httpStatus, String error) {
        Instant now = clock.instant();
        Instant next = null;
        if (now.isBefore(claim.giveUpAt())) {
            Instant after = now.plus(backoff(claim.attempt()));
            next = after.isAfter(claim.giveUpAt()) ? claim.giveUpAt() : after;
        }
        String recorded = NationalId.redact(error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error);
        outbox.attemptFailed(claim, httpStatus, recorded, next);
        String target = CallbackTargets.withoutQuery(claim.targetUrl());
        if (next == null) {
            log.warn(
                    "Gave up on callback {} ({}) of contract {} to {}: {}; it can be redelivered",
                    CallbackPayloads.webhookId(claim.eventId()),
                    claim.type().wireName(),
                    claim.contractId(),
                    target,
                    recorded);
        } else {
            log.info(
                    "Callback {} ({}) of contract {} to {}: attempt {} failed ({}); next at {}",
                    CallbackPayloads.webhookId(claim.eventId()),
                    claim.type().wireName(),
                    claim.contractId(),
                    target,
                    claim.attempt(),
                    recorded,
                    next);
        }
    }

    /**
     * The wait after the given failed attempt: {@code initial-backoff} doubled for each earlier attempt, at most
     * {@code max-backoff}, less up to half of it at random so that receivers coming back are not hit all at once.
     */
    Duration backoff(int attempt) {
        return backoff(attempt, settings, ThreadLocalRandom.current().nextDouble());
    }

    static Duration backoff(int attempt, CallbackProperties settings, double random) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long millis = settings.initialBackoff().toMillis() << doublings;
        long capped = Math.min(millis, settings.maxBackoff().toMillis());
        return Duration.ofMillis(capped - (long) (capped * 0.5 * random));
    }

    /** Reads at most {@code max-response-body} of the answer, for the connection's sake, and throws it away. */
    private void drain(Response response) throws IOException {
        try (InputStream in = response.body().byteStream()) {
            in.readNBytes(
                    (int) Math.min(Integer.MAX_VALUE, settings.maxResponseBody().toBytes()));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof CallbackTargets.RefusedTarget) {
            return e.getMessage();
        }
        if (e instanceof SocketTimeoutException) {
            return "timed out: " + e.getMessage();
        }
        if (e instanceof InterruptedIOException) {
            return "the attempt took longer than call-timeout";
        }
        if (e instanceof UnknownHostException) {
            return "the host name does not resolve";
        }
        if (e instanceof ConnectException) {
            return "could not connect: " + e.getMessage();
        }
        if (e instanceof SSLException) {
            return "TLS failed: " + e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
        // Interrupted attempts still write what became of them; waiting for that keeps those writes from landing
        // after the process (or a test) has moved on. One not done by then is taken over once its lease runs out.
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Callback attempts still running at shutdown; their leases hand them over");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        base.dispatcher().executorService().shutdown();
        base.connectionPool().evictAll();
    }
}
