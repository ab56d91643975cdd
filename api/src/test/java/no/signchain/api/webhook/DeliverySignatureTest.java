package no.signchain.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** A delivery is authentic only with the subscription's secret, over its exact body, within the tolerance. */
class DeliverySignatureTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final DeliverySignature signature = new DeliverySignature("s3cret", Duration.ofMinutes(5), clock);

    @Test
    void theSendersHeaderIsTheHmacOfTimestampDotBody() throws Exception {
        byte[] body = "{\"id\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((NOW.getEpochSecond() + ".").getBytes(StandardCharsets.US_ASCII));

        assertThat(signature.sign(NOW, body))
                .isEqualTo("t=" + NOW.getEpochSecond() + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body)));
        assertThat(signature.problemWith(signature.sign(NOW, body), body)).isNull();
    }

    @Test
    void anotherSecretAnotherBodyOrAStaleTimestampIsRefused() {
        byte[] body = "{\"id\":\"e-1\"}".getBytes(StandardCharsets.UTF_8);
        String otherSecret = new DeliverySignature("other", Duration.ofMinutes(5), clock).sign(NOW, body);

        assertThat(signature.problemWith(otherSecret, body)).isEqualTo("the signature does not match");
        assertThat(signature.problemWith(
                        signature.sign(NOW, body), "{\"id\":\"e-2\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("the signature does not match");
        assertThat(signature.problemWith(signature.sign(NOW.minus(Duration.ofMinutes(6)), body), body))
                .isEqualTo("the signature timestamp is outside the accepted window");
        assertThat(new DeliverySignature("", Duration.ofMinutes(5), clock).problemWith(otherSecret, body))
                .startsWith("no webhook secret is configured");
    }

    /** One keyed Mac is shared by every request thread, each hashing with a copy of it. */
    @Test
    void concurrentDeliveriesAreEachCheckedAgainstTheirOwnBody() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> refused = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                refused.add(threads.submit(() -> {
                    int wrong = 0;
                    for (int i = 0; i < 2_000; i++) {
                        byte[] body = ("{\"id\":\"" + thread + "-" + i + "\"}").getBytes(StandardCharsets.UTF_8);
                        byte[] other = ("{\"id\":\"" + thread + "-" + i + "x\"}").getBytes(StandardCharsets.UTF_8);
                        String header = signature.sign(NOW, body);
                        if (signature.problemWith(header, body) != null) {
                            wrong++;
                        }
                        if (signature.problemWith(header, other) == null) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> each : refused) {
                assertThat(each.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
