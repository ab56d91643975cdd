package no.signchain.activities.signicat;

import java.io.IOException;

/**
 * The call got no HTTP answer: connection refused or reset, DNS failure, a timeout, a TLS handshake failure, or
 * a body cut off half-way. Whether Signicat acted on the request is unknown, so a retry of a creating call may
 * create a duplicate; the workflow must reconcile (for example by {@code externalReference}).
 */
public class SignApiIoException extends SignApiException {

    public SignApiIoException(String message, IOException cause) {
        super(message, cause);
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }

    /** Network trouble is usually transient; a TLS misconfiguration is not, but Temporal's backoff bounds the cost. */
    @Override
    public boolean isRetryable() {
        return true;
    }
}
