package no.signchain.worker.signicatv1;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signicat Sign API v1 settings ({@code signchain.signicat-v1.*}, or the {@code SIGNICAT_V1_*} environment variables).
 * Used only when Sign API v1 is switched on ({@code SIGNICAT_V1_ENABLED=true}). Its own URLs and API client, apart
 * from v2's, since an agreement for v1 is a separate one. The notification URL
 * ({@code signchain.signicat-v1.notification-url}) is read at each order, not here (see
 * {@link SignicatV1Configuration}).
 *
 * @param baseUrl    the v1 root the agreement names (e.g. {@code https://<env>.signicat.com/sign}); the all-in-one
 *                   app sets its simulator's
 * @param tokenUrl   empty derives it from the base URL's host: {@code /auth/open/connect/token}
 * @param daysToLive each task's lifetime at Signicat, longer than signchain's deadlines (signchain's decides)
 * @param language   the signing page's language
 */
@ConfigurationProperties("signchain.signicat-v1")
public record SignicatV1Properties(
        String baseUrl,
        String tokenUrl,
        String clientId,
        String clientSecret,
        @DefaultValue("60") int daysToLive,
        @DefaultValue("nb") String language,
        @DefaultValue("PT10S") Duration connectTimeout,
        @DefaultValue("PT30S") Duration readTimeout,
        @DefaultValue("PT2M") Duration callTimeout) {

    @Override
    public String toString() {
        return "SignicatV1Properties[baseUrl=" + baseUrl + ", clientId=" + clientId + ", clientSecret=***]";
    }
}
