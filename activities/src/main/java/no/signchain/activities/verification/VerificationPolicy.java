package no.signchain.activities.verification;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a signed version must satisfy beyond the chain's own rules.
 *
 * @param trustAnchors               the only certificates DSS trusts (BankID's roots in production; the simulator's CA
 *                                   in the all-in-one app)
 * @param minimumLevel               the weakest acceptable PAdES level of each new signature
 * @param requireTotalPassed         every signature must be TOTAL_PASSED under DSS's default policy, not only intact
 * @param requireCertificateIdentity a certificate without a national identifier fails, instead of relying on what
 *                                   the provider says about who signed
 */
public record VerificationPolicy(
        List<X509Certificate> trustAnchors,
        PadesLevel minimumLevel,
        boolean requireTotalPassed,
        boolean requireCertificateIdentity) {

    public VerificationPolicy {
        trustAnchors = List.copyOf(trustAnchors);
    }
}
