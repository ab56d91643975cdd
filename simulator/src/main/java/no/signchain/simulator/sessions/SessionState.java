package no.signchain.simulator.sessions;

/**
 * Lifecycle states. READY, SIGNED and REJECTED are Signicat's. EXPIRED is the simulator's name for "dueDate passed
 * unsigned": whether Signicat reports expiry as its own state, and under which name, is not public (unconfirmed).
 * DELETED never appears in the Sign API (a deleted session is 404); it is used in events and the control API.
 */
public enum SessionState {
    READY(false),
    SIGNED(true),
    REJECTED(true),
    EXPIRED(true),
    DELETED(true);

    private final boolean isFinal;

    SessionState(boolean isFinal) {
        this.isFinal = isFinal;
    }

    public boolean isFinal() {
        return isFinal;
    }
}
