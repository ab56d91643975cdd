package no.signchain.workflows.contract;

import java.util.Objects;

/**
 * A stored version of a contract's document: version 0 is the original upload, version k the document after
 * signer k signed. Workflows pass these references, never the PDF bytes, which would bloat history.
 */
public record DocumentVersionRef(String contractId, int version) {
    public DocumentVersionRef {
        Objects.requireNonNull(contractId, "contractId");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0");
        }
    }

    public static DocumentVersionRef original(String contractId) {
        return new DocumentVersionRef(contractId, 0);
    }
}
