package no.signchain.worker.verification;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How each signed version is verified ({@code signchain.verification.*}).
 *
 * @param trustAnchors               PEM certificates DSS trusts, as Spring resource locations ({@code file:…},
 *                                   {@code classpath:…}): Norwegian BankID's roots in production. The all-in-one app
 *                                   sets its simulator's CA.
 * @param minimumLevel               the weakest PAdES level accepted for a new signature: B, T, LT or LTA
 * @param requireTotalPassed         every signature must be TOTAL_PASSED under DSS's default policy
 * @param requireCertificateIdentity a signing certificate that names no national identity fails, instead of the
 *                                   provider's word deciding who signed
 */
@ConfigurationProperties("signchain.verification")
public record VerificationProperties(
        @DefaultValue List<String> trustAnchors,
        @DefaultValue("B") String minimumLevel,
        @DefaultValue("true") boolean requireTotalPassed,
        @DefaultValue("false") boolean requireCertificateIdentity) {}
