package no.signchain.activities.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NationalIdsTest {

    @Test
    void elevenDigitsStandingAloneAreBlanked() {
        assertThat(NationalIds.redacted("signer 06046517928 is not valid; {\"nin\":\"11920287974\"}"))
                .isEqualTo("signer *********** is not valid; {\"nin\":\"***********\"}");
    }

    @Test
    void otherNumbersStay() {
        assertThat(NationalIds.redacted("status 400, trace 1234567890, order 123456789012, id 0604651792"))
                .isEqualTo("status 400, trace 1234567890, order 123456789012, id 0604651792");
        assertThat(NationalIds.redacted(null)).isNull();
    }
}
