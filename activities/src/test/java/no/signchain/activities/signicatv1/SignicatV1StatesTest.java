package no.signchain.activities.signicatv1;

import static org.assertj.core.api.Assertions.assertThat;

import no.signchain.workflows.signing.SessionState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignicatV1StatesTest {

    /** Every task status the seed names, in either case, and what signchain does with one it does not know. */
    @ParameterizedTest
    @CsvSource({
        "created, PENDING",
        "CREATED, PENDING",
        "completed, SIGNED",
        "COMPLETED, SIGNED",
        "rejected, REJECTED",
        "expired, EXPIRED",
        "deleted, EXPIRED",
        "archived-somewhere, PENDING",
        "'', PENDING"
    })
    void everyTaskStatusMapsOnPurpose(String status, SessionState expected) {
        assertThat(SignicatV1SigningProvider.stateOf("order:1", status)).isEqualTo(expected);
    }
}
