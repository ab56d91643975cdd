package no.signchain.simulator.identity;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Norwegian national identity numbers (fødselsnummer, 11 digits: ddmmyy + individual number iii + 2 check digits).
 * The simulator only requires 11 digits (test numbers, D-numbers and synthetic numbers are all accepted; check
 * digits are not enforced).
 */
public final class Nin {

    private Nin() {}

    public static boolean isWellFormed(String nin) {
        if (nin == null || nin.length() != 11) {
            return false;
        }
        for (int i = 0; i < 11; i++) {
            if (nin.charAt(i) < '0' || nin.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The first six digits and five stars, e.g. {@code 060465*****}: safe to show, never the whole number. */
    public static String mask(String nin) {
        if (nin == null || nin.length() < 6) {
            return "***********";
        }
        return nin.substring(0, 6) + "*****";
    }

    /**
     * The date of birth encoded in a NIN, or null if it encodes none. D-numbers (day + 40), H-numbers (month + 40)
     * and synthetic test numbers (month + 80, as in the public BankID test users) are decoded. Century from the
     * individual number: 000–499 → 1900s; 500–749 with yy 54–99 → 1800s; 500–999 with yy 00–39 → 2000s;
     * 900–999 with yy 40–99 → 1900s.
     */
    public static LocalDate dateOfBirth(String nin) {
        if (!isWellFormed(nin)) {
            return null;
        }
        int day = Integer.parseInt(nin.substring(0, 2));
        int month = Integer.parseInt(nin.substring(2, 4));
        int yy = Integer.parseInt(nin.substring(4, 6));
        int individual = Integer.parseInt(nin.substring(6, 9));
        if (day > 40) {
            day -= 40;
        }
        if (month > 80) {
            month -= 80;
        } else if (month > 40) {
            month -= 40;
        }
        int century;
        if (individual <= 499) {
            century = 1900;
        } else if (individual <= 749 && yy >= 54) {
            century = 1800;
        } else if (yy <= 39) {
            century = 2000;
        } else if (individual >= 900) {
            century = 1900;
        } else {
            return null;
        }
        try {
            return LocalDate.of(century + yy, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
