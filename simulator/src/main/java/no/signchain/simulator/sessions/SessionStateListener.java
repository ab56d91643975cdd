package no.signchain.simulator.sessions;

/**
 * Told after every state change of a session: created (READY), SIGNED, REJECTED, EXPIRED, DELETED. Called on the
 * thread that made the change, outside the session's lock; must not block.
 */
public interface SessionStateListener {

    void onSessionStateChange(SigningSession session, SessionState newState);
}
