package no.signchain.activities.signicat;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every exchange with Signicat at DEBUG: method, path, status, duration and trace id. Never bodies (documents,
 * national identity numbers, client secrets), never headers (the bearer token), and only the names of query
 * parameters ({@code sessionTitleLike} may hold a person's name).
 */
final class RequestLogInterceptor implements Interceptor {

    private static final Logger log = LoggerFactory.getLogger(SignApiClient.class);

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!log.isDebugEnabled()) {
            return chain.proceed(request);
        }
        String what = request.method() + " " + describe(request.url());
        long start = System.nanoTime();
        try {
            Response response = chain.proceed(request);
            String traceId = ErrorMapping.traceIdFromHeaders(response.headers());
            log.debug(
                    "Signicat {} -> {} in {} ms{}",
                    what,
                    response.code(),
                    elapsedMillis(start),
                    traceId == null ? "" : " traceId=" + traceId);
            return response;
        } catch (IOException e) {
            log.debug("Signicat {} failed after {} ms: {}", what, elapsedMillis(start), e.toString());
            throw e;
        }
    }

    /** The path (ids are Signicat UUIDs, not personal data) and query parameter names without values. */
    static String describe(HttpUrl url) {
        StringBuilder out = new StringBuilder(url.encodedPath());
        Set<String> names = new LinkedHashSet<>(url.queryParameterNames());
        if (!names.isEmpty()) {
            out.append('?').append(String.join("&", names));
        }
        return out.toString();
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
