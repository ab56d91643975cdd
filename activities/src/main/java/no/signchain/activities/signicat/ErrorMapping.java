package no.signchain.activities.signicat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import no.signchain.activities.http.ProviderAnswers;
import no.signchain.store.contract.NationalId;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Turns non-2xx responses and I/O failures into the client's exception tree. */
final class ErrorMapping {

    /** Enough for any problem document; a larger error body is not worth buffering. */
    private static final long MAX_ERROR_BODY = 64 * 1024;

    private static final int MAX_SNIPPET = 120;

    private final JsonMapper json;
    private final Clock clock;

    ErrorMapping(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * Problem document of the Sign API ({@code type, title, status, code, detail, traceId, invalidParams}) and the
     * OAuth error of the token endpoint ({@code error, error_description}) in one shape.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(
            String type,
            String title,
            Integer status,
            String code,
            String detail,
            String traceId,
            List<SignApiProblemException.InvalidParam> invalidParams,
            @JsonProperty("error") String error,
            @JsonProperty("error_description") String errorDescription) {}

    SignApiProblemException problem(ApiOperation operation, Response response) {
        int status = response.code();
        Duration retryAfter = retryAfter(response.headers(), clock);
        MediaType contentType = response.body().contentType();
        byte[] bytes = readErrorBody(response);

        boolean jsonBody = isJson(contentType, bytes);
        ErrorBody body = null;
        if (jsonBody && bytes.length > 0) {
            try {
                body = json.readValue(bytes, ErrorBody.class);
            } catch (JacksonException notAProblemDocument) {
                // Fall through with status only; the body is not quoted because JSON may carry personal data.
            }
        }
        String traceId =
                body != null && body.traceId() != null ? body.traceId() : traceIdFromHeaders(response.headers());
        String code = body == null ? null : body.code() != null ? body.code() : body.error();
        String title = body == null ? null : body.title();
        String detail = body == null ? null : body.detail() != null ? body.detail() : body.errorDescription();
        List<SignApiProblemException.InvalidParam> invalidParams = body == null ? null : body.invalidParams();

        StringBuilder message = new StringBuilder("Signicat ")
                .append(operation.describe())
                .append(" failed: HTTP ")
                .append(status);
        if (title != null) {
            message.append(' ').append(title);
        }
        message.append(" [code=")
                .append(code)
                .append(", traceId=")
                .append(traceId)
                .append(']');
        if (invalidParams != null && !invalidParams.isEmpty()) {
            // Field names only: the reasons may quote the rejected (possibly personal) values.
            message.append(" invalid: ")
                    .append(String.join(
                            ", ",
                            invalidParams.stream()
                                    .map(SignApiProblemException.InvalidParam::name)
                                    .toList()));
        }
        if (retryAfter != null) {
            message.append(" retryAfter=").append(retryAfter);
        }
        if (!jsonBody && bytes.length > 0) {
            message.append(" body: ").append(snippet(bytes));
        }
        // The title or a non-JSON body may quote the refused request; the message is logged and ends up in history.
        return new SignApiProblemException(
                NationalId.redact(message.toString()),
                status,
                body == null ? null : body.type(),
                title,
                code,
                detail,
                traceId,
                invalidParams,
                retryAfter);
    }

    static SignApiIoException io(ApiOperation operation, HttpUrl url, IOException e) {
        String prefix = "Signicat " + operation.describe() + " to " + url.host() + " got no response";
        String message;
        if (e instanceof SSLPeerUnverifiedException) {
            message = prefix + ": the server certificate does not match the host name (" + e.getMessage()
                    + "). Likely causes: baseUrl/tokenUrl names the wrong host, or a proxy presents its own"
                    + " certificate.";
        } else if (e instanceof SSLHandshakeException || e instanceof SSLException) {
            message = prefix + ": TLS handshake failed (" + e.getMessage() + "). Likely causes: the JVM trust store"
                    + " lacks the CA that issued the server certificate (typical behind a TLS-inspecting corporate"
                    + " proxy: add its CA to the trust store), the certificate has expired or this machine's clock is"
                    + " wrong, plain HTTP spoken to an HTTPS port or the reverse, or no TLS version/cipher in common.";
        } else if (e instanceof SocketTimeoutException) {
            message = prefix + ": timed out (" + e.getMessage() + ")";
        } else if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
            message = prefix + ": the whole call exceeded callTimeout";
        } else if (e instanceof ConnectException || e instanceof UnknownHostException) {
            message = prefix + ": cannot connect (" + e + ")";
        } else {
            message = prefix + ": " + e;
        }
        return new SignApiIoException(message, e);
    }

    static Duration retryAfter(Headers headers, Clock clock) {
        return ProviderAnswers.retryAfter(headers, clock);
    }

    /**
     * Trace id from response headers, for the DEBUG log and for errors without a problem body. Which header
     * Signicat uses is unconfirmed; the W3C {@code traceparent} and the common {@code X-Trace-Id} are tried.
     */
    static String traceIdFromHeaders(Headers headers) {
        String traceparent = headers.get("traceparent");
        if (traceparent != null) {
            String[] parts = traceparent.trim().split("-");
            if (parts.length >= 4 && parts[1].length() == 32) {
                return parts[1];
            }
        }
        String traceId = headers.get("X-Trace-Id");
        return traceId == null || traceId.isBlank() ? null : traceId.trim();
    }

    private static byte[] readErrorBody(Response response) {
        try {
            return response.peekBody(MAX_ERROR_BODY).bytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static boolean isJson(MediaType contentType, byte[] bytes) {
        if (contentType != null
                && contentType.subtype().toLowerCase(Locale.ROOT).contains("json")) {
            return true;
        }
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    /** A short, single-line start of a non-JSON body (an HTML error page from a proxy, say). */
    private static String snippet(byte[] bytes) {
        int length = Math.min(bytes.length, MAX_SNIPPET * 4);
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8)
                .replaceAll("\\p{Cntrl}", " ")
                .replaceAll("\\s+", " ")
                .trim();
        return text.length() > MAX_SNIPPET ? text.substring(0, MAX_SNIPPET) + "…" : text;
    }
}
