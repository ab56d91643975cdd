package no.signchain.api.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.callback.CallbackEventType;
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.callback.CallbackOutbox;
import no.signchain.store.callback.ClaimedDelivery;
import no.signchain.store.callback.DeliveryRecord;
import no.signchain.store.callback.NewCallbackEvent;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NationalId;
import no.signchain.store.contract.NewContract;
import no.signchain.store.contract.NewSigner;
import no.signchain.store.testing.MigratedDatabase;
import no.signchain.store.testing.MutableClock;
import no.signchain.store.testing.TestPersonalData;
import no.signchain.workflows.contract.ReminderSchedule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sender against a real PostgreSQL and a real HTTP receiver on 127.0.0.1: order per contract and target, the
 * backoff, giving up, the address checks at delivery time, no redirects, bounded answers. Attempts run one by one
 * on the test's thread (as each sender thread runs them), with a clock the test moves.
 */
class CallbackSenderTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static MigratedDatabase database;
    private static DataSource dataSource;
    private static DataSourceTransactionManager transactions;

    private MutableClock clock;
    private ContractRepository contracts;
    private CallbackEvents events;
    private CallbackOutbox outbox;
    private CallbackSender sender;
    private CallbackProperties settings;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Answer> answer = r -> new Answer(204, Map.of(), new byte[0], 0);

    record Received(String path, Map<String, List<String>> headers, String body) {
        String webhookId() {
            return headers.get("Webhook-id").get(0);
        }

        String type() {
            return JSON.readTree(body).get("type").asString();
        }

        boolean verifies() {
            Map<String, List<String>> lowerCase = new java.util.HashMap<>();
            headers.forEach((name, values) -> lowerCase.put(name.toLowerCase(java.util.Locale.ROOT), values));
            try {
                new Webhook(SECRET).verify(body, lowerCase);
                return true;
            } catch (Exception e) {
                return false;
            }
        }
    }

    record Answer(int status, Map<String, String> headers, byte[] body, long delayMillis) {
        static Answer of(int status) {
            return new Answer(status, Map.of(), new byte[0], 0);
        }
    }

    @BeforeAll
    static void database() throws IOException {
        database = MigratedDatabase.start();
        dataSource = database.dataSource();
        transactions = database.transactions();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        database.close();
    }

    @BeforeEach
    void start() throws IOException {
        JdbcClient.create(dataSource).sql("delete from callback_event").update();
        clock = new MutableClock(Instant.now());
        events = new CallbackEvents(dataSource, clock);
        contracts = new ContractRepository(
                dataSource,
                transactions,
                clock,
                events,
                new ContractEvents(dataSource, clock),
                TestPersonalData.withRandomKeys());
        outbox = new CallbackOutbox(dataSource, transactions, clock, new ContractEvents(dataSource, clock));
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", this::handle);
        receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        receiver.start();
        useSender(new CallbackTargets(true), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        sender.destroy();
    }

    private void useSender(CallbackTargets targets, Duration callTimeout) {
        if (sender != null) {
            sender.destroy();
        }
        settings = new CallbackProperties(
                List.of(SECRET),
                List.of(),
                true,
                false,
                Duration.ofHours(24),
                Duration.ofSeconds(5),
                Duration.ofHours(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                callTimeout,
                DataSize.ofKilobytes(64),
                2);
        sender = new CallbackSender(outbox, CallbackSigning.from(settings), targets, settings, transactions, clock);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Received request = new Received(
                exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        received.add(request);
        Answer a = answer.apply(request);
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        if (a.delayMillis() > 0) {
            try {
                Thread.sleep(a.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (a.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(a.body());
            } catch (IOException gone) {
                // the sender stopped reading: what a bounded read does
            }
        }
        exchange.close();
    }

    @Test
    void aLaterEventWaitsWhileTheEarlierOneIsRetriedWithTheSameIdAndBody() {
        AtomicInteger failuresLeft = new AtomicInteger(3);
        answer = r -> failuresLeft.getAndDecrement() > 0 ? Answer.of(500) : Answer.of(204);
        String contract = contractWithEvents(url("/hook"), 3);

        List<Duration> waits = new ArrayList<>();
        for (int round = 0; round < 10 && accepted().size() < 3; round++) {
            deliverDue();
            Optional<DeliveryRecord> pending = pendingHead(contract);
            if (pending.isPresent()) {
                Duration wait = Duration.between(clock.instant(), pending.get().nextAttemptAt());
                waits.add(wait);
                clock.advance(wait);
            }
        }

        assertThat(received)
                .extracting(Received::type)
                .containsExactly(
                        "contract.started",
                        "contract.started",
                        "contract.started",
                        "contract.started",
                        "signer.session_opened",
                        "signer.signed");
        assertThat(received.subList(0, 4))
                .extracting(Received::webhookId)
                .containsOnly(received.get(0).webhookId());
        assertThat(received.subList(0, 4))
                .extracting(Received::body)
                .containsOnly(received.get(0).body());
        assertThat(received).allMatch(Received::verifies, "verifies with the Standard Webhooks library");
        assertThat(received.stream().map(Received::webhookId).distinct()).hasSize(3);
        // Backoff doubles from initial-backoff (5 s), less up to half of it at random.
        assertThat(waits.subList(0, 3))
                .satisfiesExactly(
                        w -> assertThat(w).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5)),
                        w -> assertThat(w).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10)),
                        w -> assertThat(w).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20)));
        List<DeliveryRecord> log = outbox.deliveries(contract);
        assertThat(log).extracting(DeliveryRecord::status).containsOnly(DeliveryRecord.Status.DELIVERED);
        assertThat(log.get(0).attempts())
                .extracting(DeliveryRecord.Attempt::httpStatus)
                .containsExactly(500, 500, 500, 204);
    }

    @Test
    void afterRetryForADeliveryFailsForGoodAndTheNextEventGoes() {
        answer = r -> r.type().equals("contract.started") ? Answer.of(503) : Answer.of(200);
        String contract = contractWithEvents(url("/hook"), 2);

        sender.dispatchAll();
        int attempts = 0;
        while (pendingHead(contract)
                        .map(d -> d.type() == CallbackEventType.CONTRACT_STARTED)
                        .orElse(false)
                && attempts < 100) {
            deliverDue();
            attempts++;
            pendingHead(contract)
                    .map(d -> Duration.between(clock.instant(), d.nextAttemptAt()))
                    .filter(wait -> wait.isPositive())
                    .ifPresent(clock::advance);
        }
        deliverDue();

        List<DeliveryRecord> log = outbox.deliveries(contract);
        DeliveryRecord started = log.get(0);
        assertThat(started.status()).isEqualTo(DeliveryRecord.Status.FAILED);
        assertThat(Duration.between(started.createdAt(), started.failedAt()))
                .isGreaterThanOrEqualTo(Duration.ofHours(24));
        // 5 s doubling to the 1 h cap (about 1 h in 10 attempts), then one every 30 to 60 minutes for the rest of the
        // day.
        assertThat(started.attempts()).hasSizeBetween(30, 60);
        assertThat(started.attempts()).allMatch(a -> Integer.valueOf(503).equals(a.httpStatus()));
        assertThat(log.get(1).status()).isEqualTo(DeliveryRecord.Status.DELIVERED);
        assertThat(received.getLast().type()).isEqualTo("signer.session_opened");
    }

    @Test
    void claimsThatFailMoreOftenThanThereAreSlotsDoNotStopTheSender() {
        int failures = 2 * settings.concurrency() + 1;
        AtomicInteger claimsFailing = new AtomicInteger(failures);
        CallbackOutbox blinking =
                new CallbackOutbox(dataSource, transactions, clock, new ContractEvents(dataSource, clock)) {
                    @Override
                    public Optional<ClaimedDelivery> claimNext(Duration lease) {
                        if (claimsFailing.getAndDecrement() > 0) {
                            throw new CannotGetJdbcConnectionException("the database is away for a moment");
                        }
                        return super.claimNext(lease);
                    }
                };
        sender.destroy();
        sender = new CallbackSender(
                blinking, CallbackSigning.from(settings), new CallbackTargets(true), settings, transactions, clock);
        contractWithEvents(url("/hook"), 1);

        for (int tick = 0; tick < failures; tick++) {
            sender.tick(); // dispatches, then fails to claim
        }
        // Sender threads take the claim over; the tick that claims does not wait for the attempt.
        Instant until = Instant.now().plusSeconds(30);
        while (received.isEmpty() && Instant.now().isBefore(until)) {
            sender.tick();
            pause(50);
        }

        assertThat(received).extracting(Received::type).containsExactly("contract.started");
    }

    @Test
    void redirectsAreNotFollowed() {
        answer = r -> r.path().equals("/hook")
                ? new Answer(307, Map.of("Location", url("/elsewhere")), new byte[0], 0)
                : Answer.of(204);
        String contract = contractWithEvents(url("/hook"), 1);

        deliverDue();

        assertThat(received).extracting(Received::path).containsExactly("/hook");
        DeliveryRecord.Attempt attempt =
                outbox.deliveries(contract).get(0).attempts().get(0);
        assertThat(attempt.httpStatus()).isEqualTo(307);
        assertThat(attempt.error()).isEqualTo("answered 307 (redirects are not followed)");
    }

    @Test
    void aNameIsConnectedToAtExactlyTheAddressesItWasCheckedAt() {
        // No DNS knows these names: the sender can only reach the receiver through the checked addresses.
        Map<String, String> names = Map.of("hooks.test", "127.0.0.1", "rebound.test", "10.20.30.40");
        CallbackTargets.Resolver resolver = host -> {
            if (!names.containsKey(host)) {
                throw new java.net.UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(names.get(host))};
        };
        useSender(new CallbackTargets(true, resolver), Duration.ofSeconds(5));
        int port = receiver.getAddress().getPort();
        String good = contractWithEvents("http://hooks.test:" + port + "/hook", 1);
        String rebound = contractWithEvents("https://rebound.test:" + port + "/hook", 1);

        deliverDue();

        assertThat(outbox.deliveries(good).get(0).status()).isEqualTo(DeliveryRecord.Status.DELIVERED);
        assertThat(received).hasSize(1);
        DeliveryRecord refused = outbox.deliveries(rebound).get(0);
        assertThat(refused.status()).isEqualTo(DeliveryRecord.Status.PENDING);
        assertThat(refused.attempts().get(0).httpStatus()).isNull();
        assertThat(refused.attempts().get(0).error())
                .isEqualTo("refused: rebound.test resolves to a private address (RFC 1918) (10.20.30.40)");
    }

    @Test
    void aPrivateOrLoopbackLiteralIsRefusedAtDeliveryWithoutConnecting() {
        useSender(new CallbackTargets(false), Duration.ofSeconds(5));
        String intranet = contractWithEvents("https://10.0.0.1/hook", 1);
        String loopback = contractWithEvents(url("/hook"), 1);

        deliverDue();

        assertThat(received).isEmpty();
        assertThat(outbox.deliveries(intranet).get(0).attempts().get(0).error())
                .isEqualTo("refused: 10.0.0.1 is a private address (RFC 1918)");
        assertThat(outbox.deliveries(loopback).get(0).attempts().get(0).error())
                .isEqualTo("refused: http is allowed only to loopback, and loopback is not allowed");
    }

    @Test
    void aSlowReceiverIsCutOffByTheTimeoutsAndAHugeAnswerIsNotReadWhole() {
        useSender(new CallbackTargets(true), Duration.ofSeconds(1));
        answer = r -> new Answer(200, Map.of(), new byte[100], 3000);
        String slow = contractWithEvents(url("/hook"), 1);

        Instant started = Instant.now();
        deliverDue();

        assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(3));
        DeliveryRecord.Attempt attempt =
                outbox.deliveries(slow).get(0).attempts().get(0);
        assertThat(attempt.httpStatus()).isNull();
        assertThat(attempt.error()).containsAnyOf("call-timeout", "timed out");

        answer = r -> new Answer(200, Map.of(), new byte[8 * 1024 * 1024], 0);
        clock.advance(Duration.ofHours(1));
        deliverDue();
        assertThat(outbox.deliveries(slow).get(0).status()).isEqualTo(DeliveryRecord.Status.DELIVERED);
    }

    @Test
    void aReceiverThatClosesConnectionsUnannouncedDoesNotFailTheNextAttempt() throws Exception {
        // Answers HTTP/1.1 (keep-alive by default) and closes the connection anyway, as some servers and proxies do:
        // the sender's next request on that pooled connection finds it gone, and goes again on a fresh one.
        List<String> requestLines = new CopyOnWriteArrayList<>();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket socket = server.accept()) {
                        java.io.BufferedReader in = new java.io.BufferedReader(
                                new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                        requestLines.add(in.readLine());
                        int length = 0;
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                                length = Integer.parseInt(line.substring(15).strip());
                            }
                        }
                        in.skip(length);
                        socket.getOutputStream()
                                .write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            String contract = contractWithEvents("http://127.0.0.1:" + server.getLocalPort() + "/hook", 3);

            deliverDue();

            assertThat(outbox.deliveries(contract))
                    .allSatisfy(d -> assertThat(d.attempts())
                            .extracting(DeliveryRecord.Attempt::httpStatus)
                            .containsExactly(204));
            assertThat(requestLines).hasSize(3).allMatch(line -> line.startsWith("POST /hook"));
        }
    }

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheMaximumLessUpToHalfAtRandom() {
        assertThat(CallbackSender.backoff(1, settings, 0.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(CallbackSender.backoff(2, settings, 0.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(CallbackSender.backoff(4, settings, 0.0)).isEqualTo(Duration.ofSeconds(40));
        assertThat(CallbackSender.backoff(4, settings, 1.0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(CallbackSender.backoff(12, settings, 0.0)).isEqualTo(Duration.ofHours(1));
        assertThat(CallbackSender.backoff(1000, settings, 0.0)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theBodyCarriesTheEventAndNoIdentityNumber() {
        String contract = contractWithEvents(url("/hook"), 3);
        deliverDue();

        assertThat(received).hasSize(3);
        JsonNode opened = JSON.readTree(received.get(1).body());
        assertThat(opened.get("type").asString()).isEqualTo("signer.session_opened");
        assertThat(opened.get("timestamp").asString()).endsWith("Z");
        assertThat(opened.get("data").get("contractId").asString()).isEqualTo(contract);
        assertThat(opened.get("data").get("externalRef").asString()).isEqualTo("ref-" + contract);
        assertThat(opened.get("data").get("signerIndex").asInt()).isEqualTo(1);
        assertThat(opened.get("data").get("signerName").asString()).isEqualTo("Aksel Herseth");
        assertThat(opened.get("data").get("signatureUrl").asString()).isEqualTo("https://sign.example/1");
        assertThat(received).extracting(Received::body).noneMatch(b -> b.contains("06046517928"));
        assertThat(received.get(0).headers().get("Content-type")).containsExactly("application/json");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private List<Received> accepted() {
        return received.stream().filter(r -> answerWasSuccess(r)).toList();
    }

    private boolean answerWasSuccess(Received r) {
        return outbox
                .deliveries(
                        JSON.readTree(r.body()).get("data").get("contractId").asString())
                .stream()
                .anyMatch(d -> CallbackPayloads.webhookId(d.eventId()).equals(r.webhookId())
                        && d.status() == DeliveryRecord.Status.DELIVERED);
    }

    private Optional<DeliveryRecord> pendingHead(String contract) {
        return outbox.deliveries(contract).stream()
                .filter(d -> d.status() == DeliveryRecord.Status.PENDING)
                .findFirst();
    }

    /** Dispatches, then attempts every delivery due now, one at a time, as a sender thread does. */
    private void deliverDue() {
        sender.dispatchAll();
        Optional<ClaimedDelivery> claim;
        while ((claim = outbox.claimNext(settings.lease())).isPresent()) {
            sender.attempt(claim.get());
        }
    }

    /** A contract with the given callback URL and its first n events (n ≤ 3). */
    private String contractWithEvents(String callbackUrl, int n) {
        String id = UUID.randomUUID().toString();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        NewSigner signer = new NewSigner("Aksel Herseth", NationalId.parse("06046517928"), null, null, null);
        tx.executeWithoutResult(s -> {
            contracts.insert(
                    id,
                    new NewContract(
                            "client-1",
                            "Lease",
                            "ref-" + id,
                            null,
                            List.of(signer),
                            callbackUrl,
                            ReminderSchedule.NONE),
                    "sha");
            List<NewCallbackEvent> all = List.of(
                    NewCallbackEvent.contract(id, CallbackEventType.CONTRACT_STARTED, clock.instant(), null),
                    NewCallbackEvent.signer(
                                    id, CallbackEventType.SIGNER_SESSION_OPENED, clock.instant(), 1, "Aksel Herseth")
                            .withSignatureUrl("https://sign.example/1"),
                    NewCallbackEvent.signer(id, CallbackEventType.SIGNER_SIGNED, clock.instant(), 1, "Aksel Herseth"));
            events.recordAll(all.subList(0, n));
        });
        return id;
    }
}
