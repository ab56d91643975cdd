package no.signchain.workflows.contract;

import java.time.Instant;

/**
 * One signer's step as the workflow sees it.
 *
 * @param index        1-based position in the signing order
 * @param sessionRef   the provider's signing session id, once opened
 * @param signatureUrl where the signer signs, while the session is open
 * @param dueAt        the deadline of the open session
 * @param finishedAt   when the step ended (signed, rejected, expired, failed)
 */
public record SignerProgress(
        int index, SignerStatus status, String sessionRef, String signatureUrl, Instant dueAt, Instant finishedAt) {

    public static SignerProgress waiting(int index) {
        return new SignerProgress(index, SignerStatus.WAITING, null, null, null, null);
    }

    public SignerProgress opened(String sessionRef, String signatureUrl, Instant dueAt) {
        return new SignerProgress(index, SignerStatus.READY, sessionRef, signatureUrl, dueAt, null);
    }

    public SignerProgress finished(SignerStatus status, Instant at) {
        // The signature URL is useless once the step is over; dropping it keeps callers from sending people there.
        return new SignerProgress(index, status, sessionRef, null, dueAt, at);
    }
}
