package no.signchain.activities.signicat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The intended signer. With {@code validations: [NATIONAL_IDENTIFICATION_NUMBER]} BankID checks that the person
 * signing has this national identity number (the only validation Signicat supports).
 *
 * <p>{@link #toString()} masks every personal field: a record would otherwise print the NIN into any log line
 * or exception message that mentions it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Signer(
        String nationalIdentificationNumber,
        String email,
        String mobile,
        String username,
        List<String> validations,
        List<String> prefill) {

    public static final String NATIONAL_IDENTIFICATION_NUMBER = "NATIONAL_IDENTIFICATION_NUMBER";

    /** A signer BankID must verify by national identity number (fødselsnummer or D-number, 11 digits). */
    public static Signer verifiedByNationalIdentityNumber(String nationalIdentificationNumber) {
        if (nationalIdentificationNumber == null || !nationalIdentificationNumber.matches("\\d{11}")) {
            // The value itself stays out of the message.
            throw new IllegalArgumentException("nationalIdentificationNumber must be 11 digits");
        }
        return new Signer(nationalIdentificationNumber, null, null, null,
                List.of(NATIONAL_IDENTIFICATION_NUMBER), null);
    }

    @Override
    public String toString() {
        return "Signer[nationalIdentificationNumber=" + Redaction.mask(nationalIdentificationNumber)
                + ", email=" + Redaction.mask(email) + ", mobile=" + Redaction.mask(mobile)
                + ", username=" + Redaction.mask(username) + ", validations=" + validations
                + ", prefill=" + prefill + "]";
    }
}
