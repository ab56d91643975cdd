package no.signchain.store.contract;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Norwegian national identity number: a fødselsnummer, a D-number (day + 40), an H-number (month + 40) or a
 * synthetic test number (month + 80, as Skatteetaten's Tenor and the public BankID test users have). Eleven digits:
 * a real date of birth, an individual number that places it in a century, and two mod-11 check digits.
 *
 * <p>It is the only place signchain validates, masks or blanks these numbers. A value never shows itself:
 * {@link #toString()} is masked, and {@link #digits()} is for the database and the signing provider only. Refusals
 * never quote the value either, since it is personal data.
 */
public final class NationalId {

    /** What stands in for a number in text that leaves signchain: logs, failure messages, problem answers. */
    public static final String MASK = "***********";

    /**
     * Eleven digits standing alone: a national identity number, or something shaped like one. A hex digest (32 or
     * more hex digits with a letter among them, such as a SHA-256) is matched whole so that it is left alone: eleven
     * decimal digits in a row inside one are part of a hash, not a person.
     */
    private static final Pattern ELEVEN_DIGITS = Pattern.compile(
            "(?<![0-9a-fA-F])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{32,}(?![0-9a-fA-F])|(?<!\\d)\\d{11}(?!\\d)");

    private static final int[] FIRST_WEIGHTS = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] SECOND_WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private final String digits;

    private NationalId(String digits) {
        this.digits = digits;
    }

    /**
     * The number in {@code value}, surrounding white space ignored.
     *
     * @throws IllegalArgumentException naming what is wrong, never quoting the value
     */
    public static NationalId parse(String value) {
        String candidate = value == null ? "" : value.strip();
        if (!candidate.matches("\\d{11}")) {
            throw new IllegalArgumentException("a national identity number is 11 digits");
        }
        int[] d = candidate.chars().map(c -> c - '0').toArray();
        if (checkDigit(d, FIRST_WEIGHTS) != d[9] || checkDigit(d, SECOND_WEIGHTS) != d[10]) {
            throw new IllegalArgumentException("the check digits of the national identity number do not match");
        }
        if (dateOfBirth(d).isEmpty()) {
            throw new IllegalArgumentException("the national identity number does not begin with a date of birth");
        }
        return new NationalId(candidate);
    }

    /** {@link #parse} without the exception: empty when the value is not a valid number. */
    public static Optional<NationalId> tryParse(String value) {
        try {
            return Optional.of(parse(value));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    /**
     * A number read back from signchain's database. Only parsed numbers are written there, but rows from before the
     * date-of-birth check was added passed the check digits only; a contract in flight must still be able to open its
     * signers' sessions, so stored numbers are taken as they are.
     */
    public static NationalId ofStored(String digits) {
        if (digits == null || !digits.matches("\\d{11}")) {
            throw new IllegalStateException("a stored national identity number is not 11 digits");
        }
        return new NationalId(digits);
    }

    /**
     * The text with every run of exactly eleven digits replaced by {@link #MASK}: for text that may quote a number
     * and leaves signchain's database (a provider's error message becomes Temporal history and a contract's reason).
     */
    public static String redact(String text) {
        return text == null
                ? null
                : ELEVEN_DIGITS.matcher(text).replaceAll(m -> m.group().length() == 11 ? MASK : m.group());
    }

    /** The eleven digits, for signchain's database and the signing provider; never for logs or answers. */
    public String digits() {
        return digits;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NationalId that && digits.equals(that.digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }

    private static int checkDigit(int[] digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += digits[i] * weights[i];
        }
        int check = 11 - sum % 11;
        return check == 11 ? 0 : check; // 10 matches no digit: no valid number has it
    }

    /**
     * The date of birth the first six digits encode, with the century from the individual number (digits 7–9):
     * 000–499 → 1900s; 500–749 with a year 54–99 → 1800s; 500–999 with a year 00–39 → 2000s; 900–999 with a year
     * 40–99 → 1900s. Empty for anything else and for impossible dates ({@code 00000000000} among them).
     */
    private static Optional<LocalDate> dateOfBirth(int[] d) {
        int day = d[0] * 10 + d[1];
        int month = d[2] * 10 + d[3];
        int year = d[4] * 10 + d[5];
        int individual = d[6] * 100 + d[7] * 10 + d[8];
        if (day > 40) {
            day -= 40; // D-number
        }
        if (month > 80) {
            month -= 80; // synthetic test number
        } else if (month > 40) {
            month -= 40; // H-number
        }
        int century;
        if (individual <= 499) {
            century = 1900;
        } else if (individual <= 749 && year >= 54) {
            century = 1800;
        } else if (year <= 39) {
            century = 2000;
        } else if (individual >= 900) {
            century = 1900;
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(century + year, month, day));
        } catch (DateTimeException impossible) {
            return Optional.empty();
        }
    }
}
