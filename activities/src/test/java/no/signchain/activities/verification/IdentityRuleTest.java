package no.signchain.activities.verification;

import static no.signchain.activities.verification.IdentityRule.Outcome.CERTIFICATE_NAMES_NO_ONE;
import static no.signchain.activities.verification.IdentityRule.Outcome.MATCHED_BY_CERTIFICATE;
import static no.signchain.activities.verification.IdentityRule.Outcome.MATCHED_BY_PROVIDER;
import static no.signchain.activities.verification.IdentityRule.Outcome.NO_ONE_CONFIRMS;
import static no.signchain.activities.verification.IdentityRule.Outcome.SOMEONE_ELSE_BY_CERTIFICATE;
import static no.signchain.activities.verification.IdentityRule.Outcome.SOMEONE_ELSE_BY_PROVIDER;
import static org.assertj.core.api.Assertions.assertThat;

import no.signchain.store.contract.NationalId;
import org.junit.jupiter.api.Test;

/** The identity rules of the trust notes, one case each. */
class IdentityRuleTest {

    private static final NationalId AKSEL = NationalId.parse("06046517928");
    private static final NationalId OLE = NationalId.parse("11920287974");

    @Test
    void theCertificateReadsTheEtsiIdentifierTheBareNumberOrNothing() {
        assertThat(SignatureIdentity.of("PNONO-06046517928"))
                .isEqualTo(new SignatureIdentity(SignatureIdentity.Kind.ETSI_IDENTIFIER, AKSEL));
        assertThat(SignatureIdentity.of("06046517928"))
                .isEqualTo(new SignatureIdentity(SignatureIdentity.Kind.BARE_NUMBER, AKSEL));
        assertThat(SignatureIdentity.of("PNOSE-198001012384").kind())
                .isEqualTo(SignatureIdentity.Kind.OTHER_NATIONAL_IDENTIFIER);
        assertThat(SignatureIdentity.of("PNONO-123").kind())
                .isEqualTo(SignatureIdentity.Kind.OTHER_NATIONAL_IDENTIFIER);
        assertThat(SignatureIdentity.of("UN:NO-9578-4050-127091783").kind()).isEqualTo(SignatureIdentity.Kind.NONE);
        assertThat(SignatureIdentity.of(null).kind()).isEqualTo(SignatureIdentity.Kind.NONE);
        assertThat(SignatureIdentity.of("PNONO-06046517928").toString()).doesNotContain("0604");
    }

    @Test
    void aCertificateNamingTheSignerProvesIt() {
        assertThat(decide("PNONO-06046517928", AKSEL, null, false)).isEqualTo(MATCHED_BY_CERTIFICATE);
        assertThat(decide("06046517928", AKSEL, AKSEL, false)).isEqualTo(MATCHED_BY_CERTIFICATE);
    }

    @Test
    void aCertificateNamingSomeoneElseFails() {
        assertThat(decide("PNONO-11920287974", AKSEL, null, false)).isEqualTo(SOMEONE_ELSE_BY_CERTIFICATE);
        assertThat(decide("11920287974", AKSEL, AKSEL, false)).isEqualTo(SOMEONE_ELSE_BY_CERTIFICATE);
        assertThat(decide("PNOSE-198001012384", AKSEL, AKSEL, false)).isEqualTo(SOMEONE_ELSE_BY_CERTIFICATE);
    }

    @Test
    void theProviderNamingSomeoneElseFailsEvenWhenTheCertificateMatches() {
        assertThat(decide("PNONO-06046517928", AKSEL, OLE, false)).isEqualTo(SOMEONE_ELSE_BY_PROVIDER);
    }

    @Test
    void withoutANationalIdentifierTheProviderDecidesUnlessThePolicyRequiresTheCertificate() {
        assertThat(decide("UN:NO-9578-4050-127091783", AKSEL, AKSEL, false)).isEqualTo(MATCHED_BY_PROVIDER);
        assertThat(decide("UN:NO-9578-4050-127091783", AKSEL, OLE, false)).isEqualTo(SOMEONE_ELSE_BY_PROVIDER);
        assertThat(decide("UN:NO-9578-4050-127091783", AKSEL, null, false)).isEqualTo(NO_ONE_CONFIRMS);
        assertThat(decide("UN:NO-9578-4050-127091783", AKSEL, AKSEL, true)).isEqualTo(CERTIFICATE_NAMES_NO_ONE);
    }

    private static IdentityRule.Outcome decide(
            String serial, NationalId expected, NationalId provider, boolean strict) {
        return IdentityRule.decide(SignatureIdentity.of(serial), expected, provider, strict);
    }
}
