package no.signchain.api.contract;

/**
 * Norwegian national identity numbers (fødselsnummer and D-number, synthetic test numbers included): eleven digits
 * whose last two are mod-11 check digits. Checking them here catches a mistyped number before a signing session
 * is opened for a person who can never sign it.
 */
final class NationalIdentityNumber {

    private static final int[] FIRST = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] SECOND = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};

    private NationalIdentityNumber() {
    }

    static boolean isValid(String value) {
        if (value == null || !value.matches("\\d{11}")) {
            return false;
        }
        int[] digits = value.chars().map(c -> c - '0').toArray();
        return checkDigit(digits, FIRST) == digits[9] && checkDigit(digits, SECOND) == digits[10];
    }

    private static int checkDigit(int[] digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += digits[i] * weights[i];
        }
        int check = 11 - sum % 11;
        return check == 11 ? 0 : check; // 10 cannot match a digit, so such a number is invalid
    }
}
