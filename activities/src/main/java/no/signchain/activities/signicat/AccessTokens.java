package no.signchain.activities.signicat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.json.JsonMapper;

/**
 * OAuth 2.0 client-credentials tokens for the Sign API, cached until shortly before they expire.
 *
 * <p>Thread-safe: when many activity threads need a token at once, one fetches it and the others wait for that
 * result (a {@link ReentrantLock} rather than {@code synchronized}, which pins virtual threads on Java 21).
 */
final class AccessTokens {

    static final String SCOPE = "signicat-api";
    /** Refresh this long before expiry at most, so a token never expires in flight. */
    static final Duration MAX_REFRESH_MARGIN = Duration.ofSeconds(60);
    /** Used when the token response has no {@code expires_in}: short, so a wrong guess costs little. */
    static final Duration ASSUMED_LIFETIME = Duration.ofSeconds(60);

    private final OkHttpClient http;
    private final HttpUrl tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final JsonMapper json;
    private final ErrorMapping errors;
    private final Clock clock;
    private final ApiOperation operation;
    private final ReentrantLock lock = new ReentrantLock();

    private volatile CachedToken cached;

    AccessTokens(OkHttpClient http, SignApiProperties settings, JsonMapper json, ErrorMapping errors, Clock clock) {
        this.http = http;
        this.tokenUrl = HttpUrl.get(settings.tokenUrl().toString());
        this.clientId = settings.clientId();
        this.clientSecret = settings.clientSecret();
        this.json = json;
        this.errors = errors;
        this.clock = clock;
        this.operation = new ApiOperation("POST", tokenUrl.encodedPath());
    }

    /** A token valid for at least a little while longer; fetches one if needed. */
    String get() {
        CachedToken token = cached;
        if (token != null && token.isFresh(clock.instant())) {
            return token.value;
        }
        lock.lock();
        try {
            token = cached;
            if (token != null && token.isFresh(clock.instant())) {
                return token.value;
            }
            token = fetch();
            cached = token;
            return token.value;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets {@code rejected} after Signicat answered 401 to it. A token that was already replaced is left
     * alone, so many threads hitting 401 with the same old token cause one fetch, not one each.
     */
    void invalidate(String rejected) {
        lock.lock();
        try {
            CachedToken token = cached;
            if (token != null && token.value.equals(rejected)) {
                cached = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private CachedToken fetch() {
        Request request = new Request.Builder()
                .url(tokenUrl)
                .header("Accept", "application/json")
                .post(new FormBody.Builder()
                        .add("grant_type", "client_credentials")
                        .add("scope", SCOPE)
                        .add("client_id", clientId)
                        .add("client_secret", clientSecret)
                        .build())
                .build();
        // Measured before the call: the token's lifetime starts at the server while we are still waiting.
        Instant requestedAt = clock.instant();
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                throw errors.problem(operation, response);
            }
            TokenResponse body = json.readValue(response.body().byteStream(), TokenResponse.class);
            if (body.accessToken() == null || body.accessToken().isBlank()) {
                throw new SignApiException("Signicat " + operation.describe() + " returned no access_token");
            }
            Duration lifetime = body.expiresIn() != null && body.expiresIn() > 0
                    ? Duration.ofSeconds(body.expiresIn())
                    : ASSUMED_LIFETIME;
            Duration margin = lifetime.dividedBy(10);
            if (margin.compareTo(MAX_REFRESH_MARGIN) > 0) {
                margin = MAX_REFRESH_MARGIN;
            }
            return new CachedToken(
                    body.accessToken(), requestedAt.plus(lifetime).minus(margin));
        } catch (IOException e) {
            throw ErrorMapping.io(operation, tokenUrl, e);
        } catch (JacksonIOException e) {
            throw ErrorMapping.io(operation, tokenUrl, e.getCause());
        } catch (JacksonException e) {
            throw new SignApiException("Signicat " + operation.describe() + " returned an unreadable token response"
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Not a record: a record's toString would print the token. */
    private static final class CachedToken {
        private final String value;
        private final Instant refreshAt;

        private CachedToken(String value, Instant refreshAt) {
            this.value = value;
            this.refreshAt = refreshAt;
        }

        boolean isFresh(Instant now) {
            return now.isBefore(refreshAt);
        }

        @Override
        public String toString() {
            return "CachedToken[refreshAt=" + refreshAt + "]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(
            @JsonProperty("access_token") String accessToken,
            @JsonProperty("expires_in") Long expiresIn,
            @JsonProperty("token_type") String tokenType) {

        @Override
        public String toString() {
            return "TokenResponse[accessToken=***, expiresIn=" + expiresIn + ", tokenType=" + tokenType + "]";
        }
    }
}
