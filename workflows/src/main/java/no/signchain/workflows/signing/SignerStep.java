package no.signchain.workflows.signing;

import java.util.Objects;

/**
 * Names one signer's step of one contract: the key under which activities find the signer's details and
 * record the sessions they open, so that a retried activity finds what an earlier attempt created.
 *
 * @param signerIndex 1-based position in the signing order
 */
public record SignerStep(String contractId, int signerIndex) {
    public SignerStep {
        Objects.requireNonNull(contractId, "contractId");
        if (signerIndex < 1) {
            throw new IllegalArgumentException("signerIndex is 1-based");
        }
    }

    @Override
    public String toString() {
        return contractId + "/" + signerIndex;
    }
}
