package no.signchain.store.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.store.metrics.SignchainMetrics;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Provider events, stored before the delivery is answered so none is lost once the provider was told it arrived.
 * Unique on the event id: a redelivered event is recognised and changes nothing.
 */
public class WebhookInbox {

    /** What became of an event. */
    public enum Outcome {
        /** The owning workflow was signalled. */
        SIGNALLED,
        /** The workflow had ended already; nothing to tell it. */
        WORKFLOW_CLOSED,
        /** The event names no session signchain opened, even after waiting for the session to be recorded. */
        UNKNOWN_SESSION,
        /** The event names no session at all. */
        IGNORED,
        /** A {@link SessionAnnouncement}: stored to be looked up, never relayed. */
        ANNOUNCEMENT
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SignchainMetrics metrics;

    public WebhookInbox(DataSource dataSource, Clock clock) {
        this(dataSource, clock, SignchainMetrics.none(dataSource));
    }

    public WebhookInbox(DataSource dataSource, Clock clock, SignchainMetrics metrics) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Stores the event; false when an event with this id is stored already (its first delivery's trace is kept). A
     * {@link SessionAnnouncement} is stored as relayed already, with the outcome {@link Outcome#ANNOUNCEMENT}.
     *
     * @param traceParent the delivery's trace as a W3C traceparent, for the relay to continue; null outside a trace
     */
    public boolean store(
            String eventId, String provider, String eventName, String sessionRef, String payload, String traceParent) {
        Instant now = clock.instant();
        boolean announcement = SessionAnnouncement.isOne(eventName);
        boolean fresh = jdbc.sql("""
                insert into webhook_inbox (event_id, provider, event_name, session_ref, payload, received_at,
                                           next_attempt_at, session_known, trace_parent, relayed_at, outcome)
                values (?, ?, ?, ?, ?, ?, ?,
                        ?::text is null or exists (select 1 from signing_session where provider_session_id = ?), ?,
                        ?, ?)
                on conflict (event_id) do nothing""")
                        .params(
                                eventId,
                                provider,
                                eventName,
                                sessionRef,
                                payload,
                                Sql.ts(now),
                                Sql.ts(now),
                                sessionRef,
                                sessionRef,
                                traceParent,
                                announcement ? Sql.ts(now) : null,
                                announcement ? Outcome.ANNOUNCEMENT.name() : null)
                        .update()
                == 1;
        metrics.webhookEventReceived(provider, fresh);
        return fresh;
    }

    /** The body the event with this id was first stored with. */
    public Optional<String> payloadOf(String eventId) {
        return jdbc.sql("select payload from webhook_inbox where event_id = ?")
                .param(eventId)
                .query(String.class)
                .optional();
    }

    /**
     * The sessions named by a provider's events of this name received since then, oldest first: how signchain finds a
     * session whose create answer was lost at a provider that cannot be searched, but announces each new session in a
     * notification whose name signchain chose (Sign API v1's task notification on {@code CREATED}).
     */
    public List<String> sessionsAnnounced(String provider, String eventName, Instant receivedSince) {
        return jdbc.sql("""
                select session_ref
                  from webhook_inbox
                 where provider = ? and event_name = ? and received_at >= ? and session_ref is not null
                 order by received_at""")
                .params(provider, eventName, Sql.ts(receivedSince))
                .query(String.class)
                .list();
    }

    /**
     * Locks up to {@code limit} events due for relaying, skipping those another process holds; call inside a
     * transaction, which keeps them locked until it ends. Events of sessions signchain knew at their arrival come
     * first, so a burst of events for other integrations' sessions cannot hold up a signer's handoff.
     */
    public List<InboxEvent> claimDue(int limit) {
        return jdbc.sql("""
                select event_id, provider, event_name, session_ref, received_at, attempts, trace_parent
                  from webhook_inbox
                 where relayed_at is null and next_attempt_at <= ?
                 order by session_known desc, received_at
                 limit ?
                   for update skip locked""")
                .params(Sql.ts(clock.instant()), limit)
                .query((rs, n) -> new InboxEvent(
                        rs.getString("event_id"),
                        rs.getString("provider"),
                        rs.getString("event_name"),
                        rs.getString("session_ref"),
                        Sql.instant(rs, "received_at"),
                        rs.getInt("attempts"),
                        rs.getString("trace_parent")))
                .list();
    }

    public void markRelayed(String eventId, Outcome outcome) {
        jdbc.sql("update webhook_inbox set relayed_at = ?, outcome = ?, attempts = attempts + 1 where event_id = ?")
                .params(Sql.ts(clock.instant()), outcome.name(), eventId)
                .update();
        metrics.webhookEventRelayed(outcome);
    }

    public void retryLater(String eventId, Instant next, String error) {
        jdbc.sql(
                        "update webhook_inbox set attempts = attempts + 1, next_attempt_at = ?, last_error = ? where event_id = ?")
                .params(Sql.ts(next), error, eventId)
                .update();
    }
}
