package no.signchain.worker.signicat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Signicat Sign API settings ({@code signchain.signicat.*}, or the {@code SIGNICAT_*} environment variables).
 *
 * @param baseUrl        {@code https://api.signicat.com/sign} in production; the all-in-one app sets its simulator's
 * @param tokenUrl       empty derives it from the base URL's host: {@code /auth/open/connect/token}
 * @param organizationId sent as {@code Signicat-OrganizationId} when set
 */
@ConfigurationProperties("signchain.signicat")
public record SignicatProperties(
        String baseUrl,
        String tokenUrl,
        String clientId,
        String clientSecret,
        String organizationId,
        @DefaultValue("PT10S") Duration connectTimeout,
        @DefaultValue("PT30S") Duration readTimeout,
        @DefaultValue("PT2M") Duration callTimeout) {

    @Override
    public String toString() {
        return "SignicatProperties[baseUrl=" + baseUrl + ", clientId=" + clientId + ", clientSecret=***]";
    }
}
