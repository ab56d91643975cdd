package no.signchain.api.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The rules for text signchain stores and shows to people (titles, names, references, reasons): valid Unicode, and
 * nothing that hides or disguises what a signer reads. A right-to-left override can make a title read "Loan 5000"
 * on the signing page while it holds "Loan 0005"; zero-width characters make two names that look alike differ, and
 * a lone surrogate cannot be stored in PostgreSQL at all (it comes back as "?").
 */
public final class PlainText {

    public static final String CONTROL = "must not contain control characters (such as NUL or a line break)";
    public static final String BIDI =
            "must not contain bidirectional override or isolate characters (U+202A to U+202E, U+2066 to U+2069)";
    public static final String ZERO_WIDTH = "must not contain zero-width characters (U+200B to U+200D, U+2060, U+FEFF)";
    public static final String UNPAIRED_SURROGATE =
            "must be valid Unicode: it holds an unpaired surrogate (such as a lone \\ud800 escape)";
    public static final String NOT_UTF_8 = "is not valid UTF-8";

    private PlainText() {}

    /** Why {@code value} is not acceptable text, or empty when it is. */
    public static Optional<String> problemWith(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(UNPAIRED_SURROGATE);
            } else if (Character.isISOControl(c)) {
                return Optional.of(CONTROL);
            } else if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
                return Optional.of(BIDI);
            } else if ((c >= '\u200B' && c <= '\u200D') || c == '\u2060' || c == '\uFEFF') {
                return Optional.of(ZERO_WIDTH);
            }
        }
        return Optional.empty();
    }

    /**
     * The bytes as UTF-8, refusing what is not: Java's default decoding puts U+FFFD in place of a bad sequence, and
     * the text stored would then differ from what was sent without anyone knowing.
     *
     * @throws CharacterCodingException for a malformed sequence, an encoded surrogate included
     */
    public static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
