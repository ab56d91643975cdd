package no.signchain.api.contract;

import java.time.Instant;
import no.signchain.store.document.DocumentVersionInfo;

/**
 * A stored version of a contract's document.
 *
 * @param signerIndex the signer whose signature produced it; absent for the original
 */
public record DocumentVersionView(
        int version, Integer signerIndex, long sizeBytes, String sha256, Instant createdAt, String url) {
    static DocumentVersionView of(DocumentVersionInfo info) {
        return new DocumentVersionView(
                info.version(),
                info.signerIndex(),
                info.sizeBytes(),
                info.sha256(),
                info.createdAt(),
                "/api/v1/contracts/" + info.contractId() + "/document?version=" + info.version());
    }
}
