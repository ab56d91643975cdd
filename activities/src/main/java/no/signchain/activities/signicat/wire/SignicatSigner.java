package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import no.signchain.store.contract.NationalId;

/**
 * The intended signer. With {@code validations: [NATIONAL_IDENTIFICATION_NUMBER]} BankID checks that the person
 * signing has this national identity number (the only validation Signicat supports).
 *
 * <p>{@link #toString()} masks every personal field: a record would otherwise print the NIN into any log line
 * or exception message that mentions it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignicatSigner(
        String nationalIdentificationNumber,
        String email,
        String mobile,
        String username,
        List<String> validations,
        List<String> prefill) {

    public static final String NATIONAL_IDENTIFICATION_NUMBER = "NATIONAL_IDENTIFICATION_NUMBER";

    /** A signer BankID must verify by national identity number (fødselsnummer or D-number). */
    public static SignicatSigner verifiedByNationalIdentityNumber(NationalId nationalId) {
        return new SignicatSigner(nationalId.digits(), null, null, null, List.of(NATIONAL_IDENTIFICATION_NUMBER), null);
    }

    @Override
    public String toString() {
        return "SignicatSigner[nationalIdentificationNumber=" + Redaction.mask(nationalIdentificationNumber)
                + ", email=" + Redaction.mask(email) + ", mobile=" + Redaction.mask(mobile)
                + ", username=" + Redaction.mask(username) + ", validations=" + validations
                + ", prefill=" + prefill + "]";
    }
}
