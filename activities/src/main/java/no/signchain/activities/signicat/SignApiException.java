package no.signchain.activities.signicat;

/**
 * Base of the Sign API client's unchecked exceptions. Catch {@link SignApiProblemException} for an answer from
 * Signicat (with HTTP status, error code and trace id) and {@link SignApiIoException} for a call that never got
 * an answer. The client itself never retries (Temporal retries the activity), so {@link #isRetryable()} tells the
 * activity whether another attempt can help.
 */
public class SignApiException extends RuntimeException {

    public SignApiException(String message) {
        super(message);
    }

    public SignApiException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same call may succeed later without any change on our side. */
    public boolean isRetryable() {
        return false;
    }
}
