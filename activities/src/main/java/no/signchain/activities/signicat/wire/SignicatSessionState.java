package no.signchain.activities.signicat.wire;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle state of a signing session. The wire value stays a string in {@link SignicatSession.Lifecycle}; this
 * enum is the mapped view.
 *
 * <p>Unlike a strict mapping that throws on an unknown value, an unknown wire value maps to {@link #UNKNOWN}: a
 * state Signicat adds later must not make every read of a session fail. The workflow decides on
 * {@code stateIsFinal} first ({@code stateIsFinal && state != SIGNED} is a failed step), so an unknown final
 * state still ends the step correctly.
 */
public enum SignicatSessionState {
    /** Waiting for sessions it is {@code subsequentTo}. Confirmed in Signicat's docs. */
    BLOCKED("BLOCKED"),
    /** Open for the signer. Confirmed. */
    READY("READY"),
    /** Signed; {@code output} carries the result documents. Confirmed. */
    SIGNED("SIGNED"),
    /** The signer rejected it (final). Confirmed. */
    REJECTED("REJECTED"),
    /** Unconfirmed: a guess at how a passed due date shows. */
    EXPIRED("EXPIRED"),
    /** Unconfirmed: a guess at how a signer's cancel or our withdrawal shows. */
    CANCELLED("CANCELLED"),
    /** Unconfirmed: a guess; a deleted session may simply answer 404. */
    DELETED("DELETED"),
    /** Any wire value not listed above; the raw value stays on {@link SignicatSession.Lifecycle#state()}. */
    UNKNOWN(null);

    private static final Logger log = LoggerFactory.getLogger(SignicatSessionState.class);

    private final String wireValue;

    SignicatSessionState(String wireValue) {
        this.wireValue = wireValue;
    }

    /** The value Signicat sends and accepts in the {@code state} query parameter; {@code null} for UNKNOWN. */
    public String wireValue() {
        return wireValue;
    }

    /**
     * Maps a wire value. {@code null} and unknown values give {@link #UNKNOWN}; an unknown value is logged as a
     * warning so a new Signicat state gets noticed.
     */
    public static SignicatSessionState fromWire(String wire) {
        if (wire == null) {
            return UNKNOWN;
        }
        for (SignicatSessionState state : values()) {
            if (wire.equals(state.wireValue)) {
                return state;
            }
        }
        log.warn("Unknown Signicat signing session state '{}'; treating it as UNKNOWN", wire);
        return UNKNOWN;
    }
}
