package no.signchain.activities.provider;

import no.signchain.workflows.signing.SessionState;

/**
 * @param resultDocumentRef the provider's id of the signed document, once signed
 */
public record ProviderSessionState(String sessionRef, SessionState state, String resultDocumentRef) {}
