package no.signchain.api.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import no.signchain.store.contract.ContractRecord;
import no.signchain.store.contract.SignerRecord;
import no.signchain.workflows.contract.ContractStatus;
import no.signchain.workflows.contract.SignerStatus;

/**
 * A contract as the API shows it. Separate from the workflow's and the database's records so each can change
 * without breaking business systems. National identity numbers are never shown.
 *
 * @param latestVersion the newest stored document version: 0 is the original, k the version after signer k
 * @param reason        why the contract ended other than completed
 * @param callbackUrl   where its callbacks go, as submitted
 * @param erasedAt      when its documents and personal data were erased; then signers are named by position
 *                      ("signer 2") and there is no {@code documentUrl}
 * @param provider      the signing service its signers sign at ({@code signicat-v2}, {@code zignsec}, {@code signicat-v1}, {@code posten})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContractView(
        String id,
        String title,
        String externalRef,
        ContractStatus status,
        String reason,
        Integer currentSigner,
        List<SignerView> signers,
        int latestVersion,
        String documentUrl,
        Instant createdAt,
        Instant updatedAt,
        String callbackUrl,
        Instant erasedAt,
        String provider) {

    /**
     * @param signatureUrl where the signer signs; present while their session is open
     * @param dueAt        the deadline of their open session
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SignerView(
            int index, String name, SignerStatus status, String signatureUrl, Instant dueAt, Instant finishedAt) {
        static SignerView of(SignerRecord signer) {
            String url = signer.status() == SignerStatus.READY ? signer.signatureUrl() : null;
            return new SignerView(
                    signer.index(), signer.name(), signer.status(), url, signer.dueAt(), signer.finishedAt());
        }
    }

    static ContractView of(ContractRecord contract) {
        return new ContractView(
                contract.id(),
                contract.title(),
                contract.externalRef(),
                contract.status(),
                contract.reason(),
                contract.currentSigner() == 0 ? null : contract.currentSigner(),
                contract.signers().stream().map(SignerView::of).toList(),
                contract.latestVersion(),
                contract.erasedAt() == null ? "/api/v1/contracts/" + contract.id() + "/document" : null,
                contract.createdAt(),
                contract.updatedAt(),
                contract.callbackUrl(),
                contract.erasedAt(),
                contract.provider());
    }
}
