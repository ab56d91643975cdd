package no.signchain.activities.verification;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.signchain.store.contract.NationalId;

/**
 * Who a signing certificate says signed, read from its subject's {@code serialNumber} by the rules in the trust notes:
 * the ETSI EN 319 412-1 semantics identifier {@code PNONO-<national identity number>}, or the bare eleven digits of
 * older material; another {@code PNO…} identifier names another person; anything else (Norway's issuer-specific
 * {@code UN:NO-…}, or nothing) names no national identity at all.
 */
record SignatureIdentity(Kind kind, NationalId nationalId) {

    enum Kind {
        /** {@code PNONO-<number>}. */
        ETSI_IDENTIFIER,
        /** The eleven digits alone. */
        BARE_NUMBER,
        /** A national identifier of another country, or one that is not a valid number. */
        OTHER_NATIONAL_IDENTIFIER,
        /** No national identity in the certificate. */
        NONE
    }

    private static final Pattern ETSI_PERSON = Pattern.compile("PNO([A-Z]{2})-(.+)");

    static SignatureIdentity of(String subjectSerialNumber) {
        if (subjectSerialNumber == null || subjectSerialNumber.isBlank()) {
            return new SignatureIdentity(Kind.NONE, null);
        }
        String serial = subjectSerialNumber.strip();
        Matcher etsi = ETSI_PERSON.matcher(serial);
        if (etsi.matches()) {
            Optional<NationalId> norwegian = "NO".equals(etsi.group(1)) ? digitsOf(etsi.group(2)) : Optional.empty();
            return norwegian
                    .map(id -> new SignatureIdentity(Kind.ETSI_IDENTIFIER, id))
                    .orElseGet(() -> new SignatureIdentity(Kind.OTHER_NATIONAL_IDENTIFIER, null));
        }
        if (serial.matches("\\d{11}")) {
            return new SignatureIdentity(Kind.BARE_NUMBER, NationalId.ofStored(serial));
        }
        return new SignatureIdentity(Kind.NONE, null);
    }

    /** Eleven digits; the certificate is the issuer's word, so its date of birth is not second-guessed here. */
    private static Optional<NationalId> digitsOf(String value) {
        return value.matches("\\d{11}") ? Optional.of(NationalId.ofStored(value)) : Optional.empty();
    }

    boolean namesAPerson() {
        return kind != Kind.NONE;
    }

    @Override
    public String toString() {
        return "SignatureIdentity[" + kind + "]";
    }
}
