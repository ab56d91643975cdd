package no.signchain.activities.provider;

import no.signchain.store.contract.NationalId;
import no.signchain.workflows.signing.SessionState;

/**
 * @param resultDocumentRef the provider's id of the signed document, once signed
 * @param signedBy          whom the provider says signed, when it says so (Signicat's {@code output.userInfo.nin}):
 *                          a second source, beside the signing certificate, for who signed the version
 */
public record ProviderSessionState(
        String sessionRef, SessionState state, String resultDocumentRef, NationalId signedBy) {

    public ProviderSessionState(String sessionRef, SessionState state, String resultDocumentRef) {
        this(sessionRef, state, resultDocumentRef, null);
    }
}
