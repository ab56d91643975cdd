package no.signchain.activities.zignsec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import no.signchain.workflows.signing.SessionState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every ZignSec status, and the cancellation reasons, map to a state on purpose. */
class ZignsecStatesTest {

    @ParameterizedTest
    @CsvSource({
        "Finished, , , SIGNED",
        "Cancelled, CANCELLED_BY_USER, 410, REJECTED",
        "Cancelled, SOMETHING_ELSE, 410, REJECTED",
        "Cancelled, SESSION_EXPIRED, 408, EXPIRED",
        "Cancelled, INTERNAL_ERROR, 500, FAILED",
        "Cancelled, , , FAILED",
        "Expired, , , EXPIRED",
        "Failed, , , FAILED",
        "Created, , , PENDING",
        "Pending, , , PENDING",
        "InProgress, , , PENDING",
        "SomethingNew, , , PENDING"
    })
    void mapsEveryStatus(String status, String code, Integer statusCode, SessionState expected) {
        List<ZignsecWire.Error> errors =
                code == null ? List.of() : List.of(new ZignsecWire.Error(code, "described", statusCode));
        ZignsecWire.Session session = new ZignsecWire.Session("s-1", status, null, null, null, errors, null);

        assertThat(ZignsecSigningProvider.stateOf(session)).isEqualTo(expected);
    }
}
