package no.signchain.activities.signicat;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and as whom {@link SignApiClient} talks to Signicat. Immutable; tests point the real client at a fake
 * server with {@link #withBaseUrl(URI)} and {@link #withTokenUrl(URI)}.
 *
 * @param baseUrl        Sign API v2 root, e.g. {@code https://api.signicat.com/sign}
 * @param tokenUrl       OAuth 2.0 token endpoint for the client-credentials grant
 * @param clientId       API client id from the Signicat Dashboard
 * @param clientSecret   API client secret; never printed by {@link #toString()}
 * @param organizationId sent as {@code Signicat-OrganizationId} when not {@code null} (organisation-level API
 *                       clients acting for a sub-organisation)
 * @param connectTimeout TCP + TLS connect timeout
 * @param readTimeout    maximum silence while reading (also used as the write timeout)
 * @param callTimeout    upper bound for a whole call including the body; must cover the largest document
 *                       upload or download over the slowest expected link
 */
public record SignApiProperties(
        URI baseUrl,
        URI tokenUrl,
        String clientId,
        String clientSecret,
        String organizationId,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout) {

    public static final URI SIGNICAT_BASE_URL = URI.create("https://api.signicat.com/sign");
    public static final URI SIGNICAT_TOKEN_URL = URI.create("https://api.signicat.com/auth/open/connect/token");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(2);

    public SignApiProperties {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        requireHttp(baseUrl, "baseUrl");
        requireHttp(tokenUrl, "tokenUrl");
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId is required");
        }
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("clientSecret is required");
        }
        if (organizationId != null && organizationId.isBlank()) {
            organizationId = null;
        }
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connectTimeout");
        readTimeout = positive(readTimeout, DEFAULT_READ_TIMEOUT, "readTimeout");
        callTimeout = positive(callTimeout, DEFAULT_CALL_TIMEOUT, "callTimeout");
    }

    /** Production Signicat URLs, no organisation header, default timeouts. */
    public static SignApiProperties forSignicat(String clientId, String clientSecret) {
        return new SignApiProperties(
                SIGNICAT_BASE_URL,
                SIGNICAT_TOKEN_URL,
                clientId,
                clientSecret,
                null,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT,
                DEFAULT_CALL_TIMEOUT);
    }

    public SignApiProperties withBaseUrl(URI baseUrl) {
        return new SignApiProperties(
                baseUrl, tokenUrl, clientId, clientSecret, organizationId, connectTimeout, readTimeout, callTimeout);
    }

    public SignApiProperties withTokenUrl(URI tokenUrl) {
        return new SignApiProperties(
                baseUrl, tokenUrl, clientId, clientSecret, organizationId, connectTimeout, readTimeout, callTimeout);
    }

    public SignApiProperties withOrganizationId(String organizationId) {
        return new SignApiProperties(
                baseUrl, tokenUrl, clientId, clientSecret, organizationId, connectTimeout, readTimeout, callTimeout);
    }

    public SignApiProperties withConnectTimeout(Duration connectTimeout) {
        return new SignApiProperties(
                baseUrl, tokenUrl, clientId, clientSecret, organizationId, connectTimeout, readTimeout, callTimeout);
    }

    public SignApiProperties withReadTimeout(Duration readTimeout) {
        return new SignApiProperties(
                baseUrl, tokenUrl, clientId, clientSecret, organizationId, connectTimeout, readTimeout, callTimeout);
    }

    public SignApiProperties withCallTimeout(Duration callTimeout) {
        return new SignApiProperties(
                baseUrl, tokenUrl, clientId, clientSecret, organizationId, connectTimeout, readTimeout, callTimeout);
    }

    /** Prints everything except the client secret, so settings can be logged at startup. */
    @Override
    public String toString() {
        return "SignApiProperties[baseUrl=" + baseUrl + ", tokenUrl=" + tokenUrl + ", clientId=" + clientId
                + ", clientSecret=***, organizationId=" + organizationId + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", callTimeout=" + callTimeout + "]";
    }

    private static void requireHttp(URI uri, String name) {
        String scheme = uri.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException(name + " must be an http(s) URL: " + uri);
        }
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }
}
