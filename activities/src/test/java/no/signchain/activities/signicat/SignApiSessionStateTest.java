package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import no.signchain.activities.signicat.wire.SignicatSession;
import no.signchain.activities.signicat.wire.SignicatSessionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

class SignApiSessionStateTest {

    private static final JsonMapper JSON = SignApiClient.createJsonMapper();

    @ParameterizedTest
    @EnumSource(value = SignicatSessionState.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN")
    void everyKnownWireValueRoundTrips(SignicatSessionState state) {
        assertThat(state.wireValue()).isEqualTo(state.name());
        assertThat(SignicatSessionState.fromWire(state.wireValue())).isSameAs(state);

        SignicatSession.Lifecycle lifecycle = JSON.readValue(
                "{\"state\":\"" + state.wireValue() + "\",\"stateIsFinal\":false}", SignicatSession.Lifecycle.class);
        assertThat(lifecycle.stateEnum()).isSameAs(state);
        assertThat(lifecycle.state()).isEqualTo(state.wireValue());
    }

    @Test
    void wireValuesAreDistinct() {
        assertThat(Arrays.stream(SignicatSessionState.values())
                        .map(SignicatSessionState::wireValue)
                        .distinct())
                .hasSize(SignicatSessionState.values().length);
    }

    @Test
    void unknownWireValueMapsToUnknownAndKeepsTheRawValue() {
        SignicatSession session = JSON.readValue(
                "{\"id\":\"s1\",\"lifecycle\":{\"state\":\"ARCHIVED_BY_ROBOTS\",\"stateIsFinal\":true}}",
                SignicatSession.class);

        assertThat(session.lifecycle().state()).isEqualTo("ARCHIVED_BY_ROBOTS");
        assertThat(session.lifecycle().stateEnum()).isEqualTo(SignicatSessionState.UNKNOWN);
        assertThat(session.lifecycle().isFinalFailure()).isTrue();
        assertThat(SignicatSessionState.fromWire(null)).isEqualTo(SignicatSessionState.UNKNOWN);
        assertThat(SignicatSessionState.fromWire("signed"))
                .isEqualTo(SignicatSessionState.UNKNOWN); // wire values are exact
    }

    @Test
    void finalFailureIsFinalAndNotSigned() {
        assertThat(new SignicatSession.Lifecycle("SIGNED", true).isFinalFailure())
                .isFalse();
        assertThat(new SignicatSession.Lifecycle("REJECTED", true).isFinalFailure())
                .isTrue();
        assertThat(new SignicatSession.Lifecycle("READY", false).isFinalFailure())
                .isFalse();
        assertThat(new SignicatSession.Lifecycle("BLOCKED", false).isFinalFailure())
                .isFalse();
    }

    @Test
    void missingStateIsFinalReadsAsFalse() {
        SignicatSession.Lifecycle lifecycle = JSON.readValue("{\"state\":\"READY\"}", SignicatSession.Lifecycle.class);

        assertThat(lifecycle.stateIsFinal()).isFalse();
    }
}
