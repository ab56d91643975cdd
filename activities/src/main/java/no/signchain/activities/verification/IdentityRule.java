package no.signchain.activities.verification;

import no.signchain.store.contract.NationalId;

/**
 * Decides whether a signature is the expected signer's, by the trust notes' rules, in order:
 * <ol>
 *   <li>the certificate names the signer ({@code PNONO-<number>} or the bare number): proven by the certificate,
 *       unless the provider says someone else signed;</li>
 *   <li>the certificate names another national identity: someone else signed;</li>
 *   <li>the certificate names no national identity ({@code UN:NO-…}): the provider's word decides, recorded as such;
 *       or, where the policy requires the certificate to identify the signer, the check fails.</li>
 * </ol>
 * Compares numbers and never returns one.
 */
final class IdentityRule {

    enum Outcome {
        MATCHED_BY_CERTIFICATE,
        MATCHED_BY_PROVIDER,
        SOMEONE_ELSE_BY_CERTIFICATE,
        SOMEONE_ELSE_BY_PROVIDER,
        CERTIFICATE_NAMES_NO_ONE,
        NO_ONE_CONFIRMS
    }

    private IdentityRule() {}

    static Outcome decide(
            SignatureIdentity certificate,
            NationalId expected,
            NationalId providerSays,
            boolean requireCertificateIdentity) {
        boolean providerDisagrees = providerSays != null && !providerSays.equals(expected);
        if (certificate.namesAPerson()) {
            if (!expected.equals(certificate.nationalId())) {
                return Outcome.SOMEONE_ELSE_BY_CERTIFICATE;
            }
            return providerDisagrees ? Outcome.SOMEONE_ELSE_BY_PROVIDER : Outcome.MATCHED_BY_CERTIFICATE;
        }
        if (requireCertificateIdentity) {
            return Outcome.CERTIFICATE_NAMES_NO_ONE;
        }
        if (providerSays == null) {
            return Outcome.NO_ONE_CONFIRMS;
        }
        return providerDisagrees ? Outcome.SOMEONE_ELSE_BY_PROVIDER : Outcome.MATCHED_BY_PROVIDER;
    }
}
