package no.signchain.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import no.signchain.store.document.DocumentVersionInfo;

/**
 * A stored version of a contract's document.
 *
 * @param signerIndex   the signer whose signature produced it; absent for the original
 * @param validationUrl where its verification report is, for signed versions
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DocumentVersionView(
        int version,
        Integer signerIndex,
        long sizeBytes,
        String sha256,
        Instant createdAt,
        String url,
        String validationUrl) {
    static DocumentVersionView of(DocumentVersionInfo info) {
        String contract = "/api/v1/contracts/" + info.contractId();
        return new DocumentVersionView(
                info.version(),
                info.signerIndex(),
                info.sizeBytes(),
                info.sha256(),
                info.createdAt(),
                contract + "/document?version=" + info.version(),
                info.version() == 0 ? null : contract + "/versions/" + info.version() + "/validation");
    }
}
