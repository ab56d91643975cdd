package no.signchain.store.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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

    /**
     * One group can be committing while the next is being written. Eight kept groups near one event and were slower at
     * 16 and at 64 clients (bench/results/2026-12-03-dev-quick-burst-ingest-writers.md).
     */
    static final int WRITERS = 2;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SignchainMetrics metrics;
    private final GroupCommit<Arrival> arrivals = new GroupCommit<>(WRITERS, this::insert);

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
     * {@link SessionAnnouncement} is stored as relayed already, with the outcome {@link Outcome#ANNOUNCEMENT}. Events
     * stored at the same moment by other callers are written in the same statement and commit ({@link GroupCommit});
     * this returns once the event is committed.
     *
     * @param traceParent the delivery's trace as a W3C traceparent, for the relay to continue; null outside a trace
     */
    public boolean store(
            String eventId, String provider, String eventName, String sessionRef, String payload, String traceParent) {
        boolean fresh = arrivals.write(new Arrival(eventId, provider, eventName, sessionRef, payload, traceParent));
        metrics.webhookEventReceived(provider, fresh);
        return fresh;
    }

    /**
     * Inserts a group of events in one statement (one autocommitted transaction); for each, whether it was stored. Of
     * two with the same id in one group, the first is stored and the second is a redelivery, as if they had come
     * one after the other. Rows go in in event id order: two groups in flight holding the same ids (a redelivery racing
     * its first delivery) then wait for each other in one order, where arrival order could deadlock them.
     */
    List<Boolean> insert(List<Arrival> group) {
        List<Boolean> fresh = group.size() == 1 ? List.of(insertOne(group.getFirst())) : insertGroup(group);
        metrics.webhookInboxWrite(group.size());
        return fresh;
    }

    /**
     * The same row as {@link #insertGroup} writes, by a plain insert as before grouping: a group of one is the usual case
     * below saturation, and the arrays and the {@code unnest} are work it does not need.
     */
    private boolean insertOne(Arrival arrival) {
        Instant now = clock.instant();
        boolean announcement = SessionAnnouncement.isOne(arrival.eventName());
        return jdbc.sql("""
                        insert into webhook_inbox (event_id, provider, event_name, session_ref, payload, received_at,
                                                   next_attempt_at, session_known, trace_parent, relayed_at, outcome)
                        values (:event_id, :provider, :event_name, :session_ref, :payload, :now, :now,
                                cast(:session_ref as text) is null
                                    or exists (select 1 from signing_session s
                                                where s.provider_session_id = :session_ref),
                                :trace_parent, :relayed_at, :outcome)
                        on conflict (event_id) do nothing""")
                        .param("event_id", arrival.eventId())
                        .param("provider", arrival.provider())
                        .param("event_name", arrival.eventName())
                        .param("session_ref", arrival.sessionRef())
                        .param("payload", arrival.payload())
                        .param("now", Sql.ts(now))
                        .param("trace_parent", arrival.traceParent())
                        .param("relayed_at", announcement ? Sql.ts(now) : null)
                        .param("outcome", announcement ? Outcome.ANNOUNCEMENT.name() : null)
                        .update()
                == 1;
    }

    private List<Boolean> insertGroup(List<Arrival> group) {
        Instant now = clock.instant();
        Set<String> stored = new HashSet<>(jdbc.sql("""
                insert into webhook_inbox (event_id, provider, event_name, session_ref, payload, received_at,
                                           next_attempt_at, session_known, trace_parent, relayed_at, outcome)
                select a.event_id, a.provider, a.event_name, a.session_ref, a.payload, t.now, t.now,
                       a.session_ref is null
                           or exists (select 1 from signing_session s where s.provider_session_id = a.session_ref),
                       a.trace_parent, case when a.outcome is null then null else t.now end, a.outcome
                  from (select ?::timestamptz as now) t,
                       unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                       with ordinality as a(event_id, provider, event_name, session_ref, payload, trace_parent,
                                            outcome, arrived)
                 order by a.event_id, a.arrived
                on conflict (event_id) do nothing
                returning event_id""")
                .params(
                        Sql.ts(now),
                        column(group, Arrival::eventId),
                        column(group, Arrival::provider),
                        column(group, Arrival::eventName),
                        column(group, Arrival::sessionRef),
                        column(group, Arrival::payload),
                        column(group, Arrival::traceParent),
                        column(
                                group,
                                arrival -> SessionAnnouncement.isOne(arrival.eventName())
                                        ? Outcome.ANNOUNCEMENT.name()
                                        : null))
                .query(String.class)
                .list());
        List<Boolean> fresh = new ArrayList<>(group.size());
        for (Arrival arrival : group) {
            fresh.add(stored.remove(arrival.eventId()));
        }
        return fresh;
    }

    /** One field of every event in the group, as the array {@code unnest} takes apart again. */
    private static String[] column(List<Arrival> group, Function<Arrival, String> field) {
        return group.stream().map(field).toArray(String[]::new);
    }

    record Arrival(
            String eventId, String provider, String eventName, String sessionRef, String payload, String traceParent) {}

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
