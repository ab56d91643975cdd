package no.signchain.activities.signicat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

/**
 * A MockWebServer dispatcher that plays Signicat's token endpoint and Sign API separately: token requests get
 * fresh tokens ({@code token-1}, {@code token-2}, …) unless a token response is enqueued; Sign API requests get
 * the enqueued responses in order.
 */
final class FakeSignicat extends Dispatcher {

    static final String TOKEN_PATH = "/auth/open/connect/token";
    static final String BASE_PATH = "/sign";

    private final BlockingQueue<MockResponse> tokenResponses = new LinkedBlockingQueue<>();
    private final BlockingQueue<MockResponse> apiResponses = new LinkedBlockingQueue<>();
    final List<RecordedRequest> tokenRequests = new CopyOnWriteArrayList<>();
    final List<RecordedRequest> apiRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    volatile long expiresInSeconds = 3600;
    volatile long tokenDelayMillis;

    static FakeSignicat on(MockWebServer server) {
        FakeSignicat fake = new FakeSignicat();
        server.setDispatcher(fake);
        return fake;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getUrl().encodedPath().equals(TOKEN_PATH)) {
            tokenRequests.add(request);
            MockResponse enqueued = tokenResponses.poll();
            if (enqueued != null) {
                return enqueued;
            }
            if (tokenDelayMillis > 0) {
                Thread.sleep(tokenDelayMillis);
            }
            return json(200, """
                    {"access_token":"token-%d","expires_in":%d,"token_type":"Bearer","scope":"signicat-api"}""".formatted(tokensIssued.incrementAndGet(), expiresInSeconds));
        }
        apiRequests.add(request);
        MockResponse next = apiResponses.poll(5, TimeUnit.SECONDS);
        return next != null
                ? next
                : new MockResponse.Builder()
                        .code(599)
                        .body("test enqueued no response")
                        .build();
    }

    FakeSignicat enqueue(MockResponse response) {
        apiResponses.add(response);
        return this;
    }

    FakeSignicat enqueueJson(int status, String body) {
        return enqueue(json(status, body));
    }

    FakeSignicat enqueueToken(MockResponse response) {
        tokenResponses.add(response);
        return this;
    }

    RecordedRequest apiRequest(int index) {
        return apiRequests.get(index);
    }

    RecordedRequest lastApiRequest() {
        return apiRequests.getLast();
    }

    static MockResponse json(int status, String body) {
        return new MockResponse.Builder()
                .code(status)
                .setHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    static MockResponse problem(int status, String body) {
        return new MockResponse.Builder()
                .code(status)
                .setHeader("Content-Type", "application/problem+json")
                .body(body)
                .build();
    }

    static SignApiProperties settings(MockWebServer server) {
        return SignApiProperties.forSignicat("test-client", "s3cr3t-value")
                .withBaseUrl(server.url(BASE_PATH).uri())
                .withTokenUrl(server.url(TOKEN_PATH).uri())
                .withReadTimeout(Duration.ofSeconds(10))
                .withCallTimeout(Duration.ofSeconds(30));
    }

    static SignApiClient client(MockWebServer server) {
        return new SignApiClient(settings(server));
    }

    static SignApiClient client(SignApiProperties settings, Clock clock) {
        return new SignApiClient(settings, new OkHttpClient(), clock);
    }
}
