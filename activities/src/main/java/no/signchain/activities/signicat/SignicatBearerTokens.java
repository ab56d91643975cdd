package no.signchain.activities.signicat;

import java.io.IOException;
import java.time.Clock;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Signicat's OAuth 2.0 client-credentials tokens as an OkHttp interceptor, for clients of Signicat's other APIs (Sign
 * API v1) that authenticate exactly as Sign API v2 does: the same token endpoint, the same cached {@link AccessTokens},
 * and the same single retry with a new token after a 401. A token endpoint that fails throws its
 * {@link SignApiException} through the call.
 */
public final class SignicatBearerTokens implements Interceptor {

    private final AccessTokens tokens;

    /**
     * @param http     the client the token endpoint is called with (timeouts and proxies as for the API)
     * @param settings token URL, client id and secret; the base URL is not used here
     */
    public SignicatBearerTokens(OkHttpClient http, SignApiProperties settings) {
        var json = SignApiClient.createJsonMapper();
        Clock clock = Clock.systemUTC();
        this.tokens = new AccessTokens(http, settings, json, new ErrorMapping(json, clock), clock);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request unsigned = chain.request();
        String token = tokens.get();
        Response response = chain.proceed(withToken(unsigned, token));
        if (response.code() != 401) {
            return response;
        }
        // Token revoked or expired early: drop it and try once more with a new one. Never loop.
        tokens.invalidate(token);
        RequestBody body = unsigned.body();
        if (body != null && body.isOneShot()) {
            return response;
        }
        response.close();
        return chain.proceed(withToken(unsigned, tokens.get()));
    }

    private static Request withToken(Request request, String token) {
        return request.newBuilder().header("Authorization", "Bearer " + token).build();
    }
}
