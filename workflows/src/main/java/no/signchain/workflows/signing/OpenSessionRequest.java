package no.signchain.workflows.signing;

import java.time.Instant;
import no.signchain.workflows.contract.DocumentVersionRef;

/**
 * Open a signing session for one signer on one document version.
 *
 * @param document the version the signer signs: the original for signer 1, the previous signer's result after
 * @param dueAt    when the session stops accepting a signature
 * @param attempt  1 for the signer's first session; one more for each replacement of the signer. Histories from
 *                 before replacements carry none (0), which means 1.
 */
public record OpenSessionRequest(SignerStep step, DocumentVersionRef document, Instant dueAt, int attempt) {

    public OpenSessionRequest(SignerStep step, DocumentVersionRef document, Instant dueAt) {
        this(step, document, dueAt, 1);
    }

    /** The attempt, 1 for requests written before attempts existed. */
    public int sessionAttempt() {
        return Math.max(attempt, 1);
    }
}
