package no.signchain.simulator.signicatv1;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Sign API v1 part of the simulator ({@code signchain.simulator.signicat-v1.*}), below {@code /signicat-v1}. It
 * takes the same OAuth 2.0 tokens as the Sign API v2 part (the simulator's token endpoint).
 *
 * @param documentLifetime how long an uploaded document stays in session data storage unless an order uses it
 *                         (Signicat: 30 minutes)
 * @param retryInitial     first retry delay of a URL notification not answered 200, doubling up to {@code retryMax}
 * @param retryMax         cap of the retry delay
 * @param retryWindow      no notification attempt after this long (Signicat: 24 hours)
 */
@ConfigurationProperties("signchain.simulator.signicat-v1")
public record SignicatV1SimulatorProperties(
        Duration documentLifetime, Duration retryInitial, Duration retryMax, Duration retryWindow) {

    public SignicatV1SimulatorProperties {
        documentLifetime = documentLifetime == null ? Duration.ofMinutes(30) : documentLifetime;
        retryInitial = retryInitial == null ? Duration.ofMillis(500) : retryInitial;
        retryMax = retryMax == null ? Duration.ofHours(1) : retryMax;
        retryWindow = retryWindow == null ? Duration.ofHours(24) : retryWindow;
    }
}
