package no.signchain.activities.signicat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Signicat (or its token endpoint) answered with a non-2xx status. Fields come from the
 * {@code application/problem+json} body when there is one; otherwise only {@link #status()} is known.
 *
 * <p>The message names the method, the path template, the status, the error code and the trace id (Signicat
 * support asks for it). It deliberately leaves out {@link #detail()} and the reasons of {@link #invalidParams()}:
 * validation messages may echo request values such as a national identity number, and exception messages end up
 * in logs and in Temporal's history.
 */
public class SignApiProblemException extends SignApiException {

    /** One rejected request field. {@code reason} may quote the rejected value. */
    public record InvalidParam(String name, String reason) {}

    private final int status;
    private final String type;
    private final String title;
    private final String code;
    private final String detail;
    private final String traceId;
    private final List<InvalidParam> invalidParams;
    private final Duration retryAfter;

    public SignApiProblemException(
            String message,
            int status,
            String type,
            String title,
            String code,
            String detail,
            String traceId,
            List<InvalidParam> invalidParams,
            Duration retryAfter) {
        super(message);
        this.status = status;
        this.type = type;
        this.title = title;
        this.code = code;
        this.detail = detail;
        this.traceId = traceId;
        this.invalidParams = invalidParams == null ? List.of() : List.copyOf(invalidParams);
        this.retryAfter = retryAfter;
    }

    /** HTTP status of the response. */
    public int status() {
        return status;
    }

    /** Problem type URI, or {@code null}. */
    public String type() {
        return type;
    }

    /** Short human-readable summary, or {@code null}. */
    public String title() {
        return title;
    }

    /** Machine-readable error code such as {@code missing_permission} or, from the token endpoint, the OAuth
     * {@code error} such as {@code invalid_client}; {@code null} when the body had none. */
    public String code() {
        return code;
    }

    /** Longer explanation; may contain personal data, so do not log it verbatim. */
    public String detail() {
        return detail;
    }

    /** Signicat's trace id, from the body or a trace header; {@code null} when absent. */
    public String traceId() {
        return traceId;
    }

    /** Rejected fields of a 400; empty when none. */
    public List<InvalidParam> invalidParams() {
        return invalidParams;
    }

    /** How long the server asked us to wait ({@code Retry-After}, seconds or HTTP date), if it said so. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** 404: the resource is gone (never existed, deleted, or expired by Signicat's retention rules). */
    public boolean isNotFound() {
        return status == 404;
    }

    /** 408, 429 and 5xx may go away on their own; everything else needs a change first. */
    @Override
    public boolean isRetryable() {
        return status == 408 || status == 429 || status >= 500;
    }
}
