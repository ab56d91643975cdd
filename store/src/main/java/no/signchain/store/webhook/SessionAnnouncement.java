package no.signchain.store.webhook;

/**
 * The name of a notification signchain asks a provider to send when it creates a session, naming the step the session
 * was created for (ids only, no personal data): how a session whose create answer was lost is found at a provider that
 * cannot be searched (Sign API v1). Such an event is stored to be looked up ({@link WebhookInbox#sessionsAnnounced}),
 * and never relayed: it tells the contract nothing it did not ask for, and relaying it would cost each step one more
 * signal, workflow task and read of the session.
 */
public final class SessionAnnouncement {

    private static final String PREFIX = "created:";

    private SessionAnnouncement() {}

    /** No space: the name ends the stored event's id, which stays one word for the tools that list ids. */
    public static String eventName(String externalReference) {
        return PREFIX + externalReference;
    }

    public static boolean isOne(String eventName) {
        return eventName != null && eventName.startsWith(PREFIX);
    }
}
