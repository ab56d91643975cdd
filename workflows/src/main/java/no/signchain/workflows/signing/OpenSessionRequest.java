package no.signchain.workflows.signing;

import java.time.Instant;
import no.signchain.workflows.contract.DocumentVersionRef;

/**
 * Open a signing session for one signer on one document version.
 *
 * @param document the version the signer signs: the original for signer 1, the previous signer's result after
 * @param dueAt    when the session stops accepting a signature
 */
public record OpenSessionRequest(SignerStep step, DocumentVersionRef document, Instant dueAt) {}
