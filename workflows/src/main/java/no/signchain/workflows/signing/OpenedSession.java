package no.signchain.workflows.signing;

import java.time.Instant;

/**
 * A signing session open at the provider.
 *
 * @param sessionRef   the provider's session id, opaque to the workflow
 * @param signatureUrl where the signer goes to sign
 */
public record OpenedSession(String sessionRef, String signatureUrl, Instant dueAt) {}
