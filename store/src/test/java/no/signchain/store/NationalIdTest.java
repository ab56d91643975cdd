package no.signchain.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import no.signchain.store.contract.NationalId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NationalIdTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "06046517928", // Aksel Herseth, BankID test user: 6 April 1965
                "11920287974", // Ole Bramserud: synthetic (month + 80), 11 December 2002
                "12829025475", // Sanna Hansen: synthetic, 12 February 1990
                "41016000173", // D-number (day + 40): 1 January 1960
                "01416000162", // H-number (month + 40): 1 January 1960
                "29029600285", // 29 February 1996, a leap year
            })
    void validNumbersOfEveryKindAreAccepted(String digits) {
        assertThat(NationalId.parse(digits).digits()).isEqualTo(digits);
        assertThat(NationalId.parse(" " + digits + "\n").digits()).isEqualTo(digits);
    }

    @Test
    void wrongCheckDigitsAreRefused() {
        assertThatThrownBy(() -> NationalId.parse("06046517927"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the check digits of the national identity number do not match");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "00000000000", // check digits work out, but there is no day 0 of month 0
                "32016000131", // 32 January
                "01136000108", // month 13
                "29029700115", // 29 February 1997, not a leap year
                "01014075069", // individual 750, year 40: no century
            })
    void numbersWithoutARealDateOfBirthAreRefused(String digits) {
        assertThat(validCheckDigits(digits))
                .as("the case must pass the check digits to test the date")
                .isTrue();
        assertThatThrownBy(() -> NationalId.parse(digits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the national identity number does not begin with a date of birth");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0604651792", "060465179288", "0604651792a", "06 046517928"})
    void anythingButElevenDigitsIsRefused(String value) {
        assertThatThrownBy(() -> NationalId.parse(value)).hasMessage("a national identity number is 11 digits");
        assertThat(NationalId.tryParse(value)).isEmpty();
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> NationalId.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNumberNeverShowsItself() {
        NationalId id = NationalId.parse("06046517928");
        assertThat(id.toString()).isEqualTo("***********").doesNotContain("0604");
        assertThat(id).isEqualTo(NationalId.parse("06046517928")).isNotEqualTo(NationalId.parse("11920287974"));
        assertThatThrownBy(() -> NationalId.parse("06046517927")).message().doesNotContain("0604");
    }

    @Test
    void elevenDigitsStandingAloneAreBlankedInText() {
        assertThat(NationalId.redact("signer 06046517928 is not valid; {\"nin\":\"11920287974\"}"))
                .isEqualTo("signer *********** is not valid; {\"nin\":\"***********\"}");
    }

    @Test
    void otherNumbersInTextStay() {
        assertThat(NationalId.redact("status 400, trace 1234567890, order 123456789012, id 0604651792"))
                .isEqualTo("status 400, trace 1234567890, order 123456789012, id 0604651792");
        assertThat(NationalId.redact(null)).isNull();
        // A SHA-256 with eleven decimal digits in a row is a hash, not a person (the audit trail quotes hashes).
        String sha256 = "becb10b9d1ae938bfde9ac7f751010d0a12345678901f2e59bfbfe8f3e596b93";
        assertThat(NationalId.redact("version 0, 835 bytes, sha256 " + sha256))
                .isEqualTo("version 0, 835 bytes, sha256 " + sha256);
        assertThat(NationalId.redact("sha256 " + sha256 + " of 06046517928"))
                .isEqualTo("sha256 " + sha256 + " of ***********");
    }

    /** Independent of the class under test: the mod-11 rule as Skatteetaten states it. */
    private static boolean validCheckDigits(String digits) {
        int[] d = digits.chars().map(c -> c - '0').toArray();
        int k1 = 11
                - (3 * d[0] + 7 * d[1] + 6 * d[2] + d[3] + 8 * d[4] + 9 * d[5] + 4 * d[6] + 5 * d[7] + 2 * d[8]) % 11;
        int k2 = 11
                - (5 * d[0]
                                + 4 * d[1]
                                + 3 * d[2]
                                + 2 * d[3]
                                + 7 * d[4]
                                + 6 * d[5]
                                + 5 * d[6]
                                + 4 * d[7]
                                + 3 * d[8]
                                + 2 * k1 % 11)
                        % 11;
        k1 = k1 == 11 ? 0 : k1;
        k2 = k2 == 11 ? 0 : k2;
        return k1 == d[9] && k2 == d[10];
    }
}
