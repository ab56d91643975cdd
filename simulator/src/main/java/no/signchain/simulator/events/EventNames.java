package no.signchain.simulator.events;

/**
 * The event names and delivery conventions the simulator emits. Signicat's real event names for Sign API v2
 * sessions, the shape of {@code eventData} and the way deliveries are authenticated are not public: these are
 * signchain's decisions (see shared/reference/signicat-notes.md, "Our decisions for the unknowns"), and signchain's
 * receiver defaults must match them.
 *
 * <p>Envelope (JSON, POSTed to each subscription URL with {@code Content-Type: application/json}):
 * <pre>
 * {"id": "&lt;uuid&gt;", "timestamp": "2026-01-20T10:30:00.123Z", "sender": "signicat.sign",
 *  "eventName": "sign.session.completed",
 *  "eventData": {"signingSessionId": "&lt;uuid&gt;", "state": "SIGNED", "externalReference": "...", "usageTags": [...]},
 *  "accountId": "a-sim-signchain", "organizationId": null, "expiresAt": "&lt;timestamp + ttl&gt;", "tags": []}
 * </pre>
 * {@code externalReference} and {@code usageTags} are present only when the session has them.
 *
 * <p>Authentication: header {@value #SIGNATURE_HEADER}{@code : t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + rawBody)>},
 * computed per delivery attempt; absent when the subscription has no secret.
 *
 * <p>Delivery: at least once; a delivery not answered 2xx is retried with exponential backoff until expiresAt.
 */
public final class EventNames {

    private EventNames() {}

    /** {@code sender} of every envelope. */
    public static final String SENDER = "signicat.sign";

    /** A session was created and is READY for its signer. */
    public static final String SESSION_CREATED = "sign.session.created";
    /** The signer signed: state SIGNED, output available. */
    public static final String SESSION_COMPLETED = "sign.session.completed";
    /** The signer rejected: state REJECTED. */
    public static final String SESSION_REJECTED = "sign.session.rejected";
    /** The dueDate passed unsigned: state EXPIRED. */
    public static final String SESSION_EXPIRED = "sign.session.expired";
    /** The session was deleted (withdrawn) through the API: state DELETED (the API answers 404 from then on). */
    public static final String SESSION_DELETED = "sign.session.deleted";

    /** The delivery signature header. */
    public static final String SIGNATURE_HEADER = "Signicat-Signature";
}
