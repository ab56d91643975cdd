package no.signchain.simulator.sessions;

import java.util.Locale;

/**
 * How a signing misbehaves, for tests of the verifier (form parameters of the signer page, or the knobs
 * {@code signAsByNin} / {@code tamperByNin}).
 *
 * @param signAsNin who actually signs: another test user's NIN (an impostor), or null for the intended signer
 * @param tamper    what is done to the document, or null for nothing
 */
public record SignOptions(String signAsNin, Tamper tamper) {

    public static final SignOptions NONE = new SignOptions(null, null);

    /** Fills what this leaves open from {@code fallback}. */
    public SignOptions orElse(SignOptions fallback) {
        return new SignOptions(
                signAsNin != null ? signAsNin : fallback.signAsNin(), tamper != null ? tamper : fallback.tamper());
    }

    /** The {@code tamper} values. */
    public enum Tamper {
        /**
         * A byte of the input (before the new signature, so inside every earlier signature's byte range) is changed,
         * keeping the PDF parseable, and the result is signed on top: the new signature is intact, the input is no
         * longer a prefix of the output and every earlier signature is broken.
         */
        EARLIER_REVISION("earlier-revision"),
        /** The input comes back unchanged (no new signature) while the session is SIGNED as usual. */
        UNSIGNED("unsigned");

        private final String wireName;

        Tamper(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The value for a wire name ({@code earlier-revision}, {@code unsigned}); IllegalArgumentException else. */
        public static Tamper parse(String value) {
            for (Tamper t : values()) {
                if (t.wireName.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
                    return t;
                }
            }
            throw new IllegalArgumentException("tamper must be 'earlier-revision' or 'unsigned'");
        }
    }
}
