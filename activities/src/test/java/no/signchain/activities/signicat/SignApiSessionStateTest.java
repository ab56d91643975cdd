package no.signchain.activities.signicat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

class SignApiSessionStateTest {

    private static final JsonMapper JSON = SignApiClient.createJsonMapper();

    @ParameterizedTest
    @EnumSource(value = SessionState.class, mode = EnumSource.Mode.EXCLUDE, names = "UNKNOWN")
    void everyKnownWireValueRoundTrips(SessionState state) {
        assertThat(state.wireValue()).isEqualTo(state.name());
        assertThat(SessionState.fromWire(state.wireValue())).isSameAs(state);

        SigningSession.Lifecycle lifecycle = JSON.readValue(
                "{\"state\":\"" + state.wireValue() + "\",\"stateIsFinal\":false}", SigningSession.Lifecycle.class);
        assertThat(lifecycle.stateEnum()).isSameAs(state);
        assertThat(lifecycle.state()).isEqualTo(state.wireValue());
    }

    @Test
    void wireValuesAreDistinct() {
        assertThat(Arrays.stream(SessionState.values()).map(SessionState::wireValue).distinct())
                .hasSize(SessionState.values().length);
    }

    @Test
    void unknownWireValueMapsToUnknownAndKeepsTheRawValue() {
        SigningSession session = JSON.readValue(
                "{\"id\":\"s1\",\"lifecycle\":{\"state\":\"ARCHIVED_BY_ROBOTS\",\"stateIsFinal\":true}}",
                SigningSession.class);

        assertThat(session.lifecycle().state()).isEqualTo("ARCHIVED_BY_ROBOTS");
        assertThat(session.lifecycle().stateEnum()).isEqualTo(SessionState.UNKNOWN);
        assertThat(session.lifecycle().isFinalFailure()).isTrue();
        assertThat(SessionState.fromWire(null)).isEqualTo(SessionState.UNKNOWN);
        assertThat(SessionState.fromWire("signed")).isEqualTo(SessionState.UNKNOWN); // wire values are exact
    }

    @Test
    void finalFailureIsFinalAndNotSigned() {
        assertThat(new SigningSession.Lifecycle("SIGNED", true).isFinalFailure()).isFalse();
        assertThat(new SigningSession.Lifecycle("REJECTED", true).isFinalFailure()).isTrue();
        assertThat(new SigningSession.Lifecycle("READY", false).isFinalFailure()).isFalse();
        assertThat(new SigningSession.Lifecycle("BLOCKED", false).isFinalFailure()).isFalse();
    }

    @Test
    void missingStateIsFinalReadsAsFalse() {
        SigningSession.Lifecycle lifecycle = JSON.readValue("{\"state\":\"READY\"}", SigningSession.Lifecycle.class);

        assertThat(lifecycle.stateIsFinal()).isFalse();
    }
}
