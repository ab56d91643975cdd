package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.signchain.activities.signicat.wire.SessionDocument;
import no.signchain.activities.signicat.wire.SignicatSessionQuery;
import no.signchain.activities.signicat.wire.SignicatSessionRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Runs calls with DEBUG on and checks what reaches the log (logback comes with spring-boot-starter-test). */
class SignApiLoggingTest {

    @StartStop
    final MockWebServer server = new MockWebServer();

    private final Logger logger = (Logger) LoggerFactory.getLogger("no.signchain.activities.signicat");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void restoreLogs() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
    }

    @Test
    void logsMethodPathStatusAndTraceIdButNoSecretsOrPersonalData() {
        FakeSignicat signicat = FakeSignicat.on(server);
        SignApiClient client = FakeSignicat.client(server);
        signicat.enqueue(FakeSignicat.problem(401, "{\"status\":401,\"code\":\"unauthorized\"}"));
        signicat.enqueue(new MockResponse.Builder()
                .code(201)
                .setHeader("Content-Type", "application/json")
                .setHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .body("[" + Samples.READY_SESSION + "]")
                .build());
        signicat.enqueueJson(200, "{\"limit\":1,\"offset\":0,\"count\":0,\"total\":0,\"data\":[]}");
        signicat.enqueue(FakeSignicat.problem(400, """
                {"status":400,"code":"validation_error","detail":"06046517928 is invalid","traceId":"t-1"}"""));

        client.createSigningSession(SignicatSessionRequest.norwegianBankIdPki(
                "Loan agreement",
                List.of(SessionDocument.sign("c1", "d1")),
                Samples.NATIONAL_ID,
                Instant.parse("2026-02-01T12:00:00Z")));
        client.listSigningSessions(SignicatSessionQuery.all().withSessionTitleLike("Kari Nordmann"));
        catchThrowable(() -> client.getSigningSession("s1"));

        List<String> lines =
                appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .contains("POST /sign/signing-sessions -> 201", "traceId=4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("POST /auth/open/connect/token -> 200"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("GET /sign/signing-sessions?sessionTitleLike"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("GET /sign/signing-sessions/s1 -> 400"));
        assertThat(String.join("\n", lines))
                .doesNotContain("s3cr3t-value", "token-1", "token-2", "Bearer", Samples.NIN, "Kari");
    }
}
