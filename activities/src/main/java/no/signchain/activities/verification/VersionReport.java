package no.signchain.activities.verification;

import java.time.Instant;
import java.util.List;

/**
 * What the verification of one signed version found, kept with the version and served by the API. Names people by the
 * names in their certificates, never by national identity number.
 *
 * @param signatureLevel the newest signature's level ({@code PAdES-BASELINE-LT}), or DSS's name for what it found
 * @param identity       whose signature the newest one is, by which source
 * @param checks         every check, in the order made, with its outcome
 * @param signatures     every signature in the version, oldest first, as DSS validated it
 */
public record VersionReport(
        String contractId,
        int version,
        int signerIndex,
        Instant verifiedAt,
        boolean passed,
        String failure,
        String signatureLevel,
        String minimumLevel,
        Identity identity,
        List<Check> checks,
        List<Signature> signatures) {

    public VersionReport {
        checks = List.copyOf(checks);
        signatures = List.copyOf(signatures);
    }

    /** One check; {@code detail} says what was found, in words. */
    public record Check(String name, boolean passed, String detail) {}

    /**
     * @param source                {@code certificate} (its national identifier was compared) or {@code provider}
     *                              (the certificate names no national identity; the provider's word was taken)
     * @param certificateIdentifier how the certificate identifies its holder: {@code ETSI_IDENTIFIER} (PNONO-…),
     *                              {@code BARE_NUMBER}, {@code OTHER_NATIONAL_IDENTIFIER} or {@code NONE}
     * @param providerAgrees        whether the provider's account of who signed agrees; null when it gives none
     */
    public record Identity(
            int signer, boolean matched, String source, String certificateIdentifier, Boolean providerAgrees) {}

    /**
     * @param position      1 for the document's first signature
     * @param signedBy      the signing certificate's name (common name)
     * @param indication    DSS's verdict under its default policy: TOTAL_PASSED, INDETERMINATE or TOTAL_FAILED
     * @param subIndication why, when not TOTAL_PASSED
     * @param signedBytes   how far into the document the signature's byte range reaches
     */
    public record Signature(
            int position,
            String signedBy,
            Instant signingTime,
            String level,
            String indication,
            String subIndication,
            boolean intact,
            long signedBytes) {}
}
