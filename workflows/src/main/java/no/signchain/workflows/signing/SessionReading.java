package no.signchain.workflows.signing;

import no.signchain.workflows.contract.DocumentVersionRef;

/**
 * What the provider says of a session right now; and, from {@link SigningActivities#readSessionAndCollect}, the
 * signed document kept as the step's version when the session is signed (null otherwise, and from plain reads).
 */
public record SessionReading(String sessionRef, SessionState state, DocumentVersionRef signedDocument) {}
