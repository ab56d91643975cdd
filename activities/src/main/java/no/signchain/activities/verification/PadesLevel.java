package no.signchain.activities.verification;

import eu.europa.esig.dss.enumerations.SignatureLevel;
import java.util.Locale;

/** The PAdES baseline levels, weakest first: what a signature carries for validating it later. */
public enum PadesLevel {
    /** The signature only. */
    B,
    /** Plus a signature timestamp. */
    T,
    /** Plus the certificates and revocation data needed to validate it later, in the document's DSS dictionary. */
    LT,
    /** Plus a document timestamp over all of that. */
    LTA;

    /** DSS's name for it, as reports show it: {@code PAdES-BASELINE-LT}. */
    public String label() {
        return "PAdES-BASELINE-" + name();
    }

    /** The baseline level DSS found, or null for a signature that meets none (a plain PDF or PAdES-BES signature). */
    static PadesLevel of(SignatureLevel found) {
        if (found == null) {
            return null;
        }
        return switch (found) {
            case PAdES_BASELINE_B -> B;
            case PAdES_BASELINE_T -> T;
            case PAdES_BASELINE_LT -> LT;
            case PAdES_BASELINE_LTA -> LTA;
            default -> null;
        };
    }

    /** {@code B}, {@code LT}, or DSS's {@code PAdES-BASELINE-LT}, in any case. */
    public static PadesLevel parse(String value) {
        String level = value.strip().toUpperCase(Locale.ROOT);
        if (level.startsWith("PADES-BASELINE-")) {
            level = level.substring("PADES-BASELINE-".length());
        }
        try {
            return valueOf(level);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not a PAdES baseline level: '" + value + "' (use B, T, LT or LTA, or PAdES-BASELINE-LT etc.)");
        }
    }
}
