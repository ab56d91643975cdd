package no.signchain.store.document;

import java.time.Instant;

/**
 * What signchain knows of a stored document version, without its bytes.
 *
 * @param signerIndex the signer whose signature produced this version; null for the original
 */
public record DocumentVersionInfo(
        String contractId,
        int version,
        Integer signerIndex,
        String contentType,
        long sizeBytes,
        String sha256,
        Instant createdAt) {}
