package no.signchain.store.callback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.store.audit.ContractEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sender's half of the callbacks: recorded events become deliveries (one per target), and deliveries are
 * claimed, attempted and settled. Several sender processes may share the outbox.
 *
 * <ul>
 *   <li><b>Order.</b> A delivery is claimed only when it is first in line: no earlier delivery of the same contract
 *       to the same target is still pending, and no earlier event of the contract is still undispatched. A later
 *       event waits until the earlier one is delivered or has failed for good.</li>
 *   <li><b>Leases, not held transactions.</b> A claim sets a lease and commits; the HTTP call runs outside any
 *       transaction, and its outcome is stored only while the lease is still the claimer's. A sender that dies
 *       mid-attempt leaves its attempt without an outcome; once the lease runs out another sender (or the same one,
 *       restarted) attempts the delivery again, with the same webhook-id and body.</li>
 * </ul>
 */
public class CallbackOutbox {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ContractEvents audit;

    public CallbackOutbox(
            DataSource dataSource, PlatformTransactionManager transactions, Clock clock, ContractEvents audit) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Locks up to {@code limit} undispatched events, oldest first, skipping those another sender holds; call inside a
     * transaction, which keeps them locked until it ends.
     */
    public List<UndispatchedEvent> claimUndispatched(int limit) {
        return jdbc.sql("""
                select e.seq, e.id, e.contract_id, e.type, e.occurred_at, e.signer_index, e.signer_name,
                       e.signature_url, e.reason, c.external_ref, c.callback_url
                  from callback_event e
                  join contract c on c.id = e.contract_id
                 where e.dispatched_at is null
                 order by e.seq
                 limit ?
                   for update of e skip locked""")
                .param(limit)
                .query((rs, n) -> new UndispatchedEvent(
                        rs.getLong("seq"),
                        rs.getObject("id", UUID.class).toString(),
                        rs.getObject("contract_id", UUID.class).toString(),
                        rs.getString("external_ref"),
                        rs.getString("callback_url"),
                        type(rs),
                        Sql.instant(rs, "occurred_at"),
                        Sql.nullableInt(rs, "signer_index"),
                        rs.getString("signer_name"),
                        rs.getString("signature_url"),
                        rs.getString("reason")))
                .list();
    }

    /**
     * Stores the event's body and one pending delivery per target, each given up on {@code retryFor} from now, and
     * marks the event dispatched. Call in the transaction that claimed it.
     */
    public void dispatch(UndispatchedEvent event, String payload, List<DeliveryTarget> targets, Duration retryFor) {
        Instant now = clock.instant();
        for (DeliveryTarget target : targets) {
            jdbc.sql("""
                    insert into callback_delivery (id, event_seq, contract_id, target_url, origin, status, created_at,
                                                   next_attempt_at, give_up_at)
                    values (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?)
                    on conflict (event_seq, target_url) do nothing""")
                    .params(
                            UUID.randomUUID(),
                            event.seq(),
                            UUID.fromString(event.contractId()),
                            target.url(),
                            target.origin().name(),
                            Sql.ts(now),
                            Sql.ts(now),
                            Sql.ts(now.plus(retryFor)))
                    .update();
        }
        jdbc.sql("update callback_event set dispatched_at = ?, payload = ? where seq = ?")
                .params(Sql.ts(now), payload, event.seq())
                .update();
    }

    /**
     * Claims the delivery due soonest that is first in line for its contract and target, and records the start of an
     * attempt on it: one statement, committed at once. Empty when nothing is due.
     */
    public Optional<ClaimedDelivery> claimNext(Duration lease) {
        Instant now = clock.instant();
        UUID token = UUID.randomUUID();
        return jdbc.sql("""
                with next as (
                    select d.id
                      from callback_delivery d
                     where d.status = 'PENDING'
                       and d.next_attempt_at <= :now
                       and (d.lease_until is null or d.lease_until <= :now)
                       and not exists (select 1 from callback_delivery p
                                        where p.contract_id = d.contract_id and p.target_url = d.target_url
                                          and p.status = 'PENDING' and p.event_seq < d.event_seq)
                       and not exists (select 1 from callback_event u
                                        where u.contract_id = d.contract_id and u.dispatched_at is null
                                          and u.seq < d.event_seq)
                     order by d.next_attempt_at, d.event_seq
                     limit 1
                       for update of d skip locked
                ), claimed as (
                    update callback_delivery d
                       set lease_token = :token, lease_until = :leaseUntil, attempts = d.attempts + 1
                      from next
                     where d.id = next.id
                 returning d.*
                ), attempt as (
                    insert into callback_attempt (delivery_id, started_at)
                    select id, :now from claimed
                 returning id, delivery_id
                )
                select c.id, c.contract_id, c.target_url, c.origin, c.attempts, c.created_at, c.give_up_at,
                       c.lease_token, e.id as event_id, e.type, e.payload, a.id as attempt_id
                  from claimed c
                  join callback_event e on e.seq = c.event_seq
                  join attempt a on a.delivery_id = c.id""")
                .param("now", Sql.ts(now))
                .param("token", token)
                .param("leaseUntil", Sql.ts(now.plus(lease)))
                .query((rs, n) -> new ClaimedDelivery(
                        rs.getObject("id", UUID.class).toString(),
                        rs.getObject("event_id", UUID.class).toString(),
                        type(rs),
                        rs.getObject("contract_id", UUID.class).toString(),
                        rs.getString("target_url"),
                        CallbackOrigin.valueOf(rs.getString("origin")),
                        rs.getString("payload"),
                        rs.getInt("attempts"),
                        Sql.instant(rs, "created_at"),
                        Sql.instant(rs, "give_up_at"),
                        rs.getLong("attempt_id"),
                        rs.getObject("lease_token", UUID.class)))
                .optional();
    }

    /** The receiver took it. False when the lease was lost meanwhile (the attempt is recorded all the same). */
    public boolean delivered(ClaimedDelivery claim, int httpStatus) {
        return settle(claim, httpStatus, null, """
                update callback_delivery
                   set status = 'DELIVERED', delivered_at = :now, failed_at = null, lease_token = null,
                       lease_until = null
                 where id = :id and lease_token = :token""", null);
    }

    /**
     * The attempt failed; the delivery is attempted again at {@code nextAttemptAt}, or, when that is null, given up
     * on ({@code FAILED}: it stays in the log and can be redelivered). False when the lease was lost meanwhile.
     */
    public boolean attemptFailed(ClaimedDelivery claim, Integer httpStatus, String error, Instant nextAttemptAt) {
        String update = nextAttemptAt == null ? """
                update callback_delivery
                   set status = 'FAILED', failed_at = :now, lease_token = null, lease_until = null
                 where id = :id and lease_token = :token""" : """
                update callback_delivery
                   set next_attempt_at = :next, lease_token = null, lease_until = null
                 where id = :id and lease_token = :token""";
        return settle(claim, httpStatus, error, update, nextAttemptAt);
    }

    private boolean settle(ClaimedDelivery claim, Integer httpStatus, String error, String update, Instant next) {
        Instant now = clock.instant();
        return Boolean.TRUE.equals(tx.execute(status -> {
            jdbc.sql("update callback_attempt set finished_at = ?, http_status = ?, error = ? where id = ?")
                    .params(Sql.ts(now), httpStatus, error, claim.attemptId())
                    .update();
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("now", Sql.ts(now));
            params.put("id", UUID.fromString(claim.id()));
            params.put("token", claim.leaseToken());
            if (next != null) {
                params.put("next", Sql.ts(next));
            }
            boolean settled = jdbc.sql(update).params(params).update() == 1;
            if (settled && next == null) { // delivered, or given up on
                noteOutcome(claim, httpStatus, error);
            }
            return settled;
        }));
    }

    /** A delivered or given-up callback is part of the contract's audit trail; retries in between are in the log. */
    private void noteOutcome(ClaimedDelivery claim, Integer httpStatus, String error) {
        String target = claim.targetUrl().replaceFirst("[?#].*$", "");
        boolean delivered = error == null && httpStatus != null && httpStatus / 100 == 2;
        audit.record(
                claim.contractId(),
                delivered ? "callback.delivered" : "callback.failed",
                "signchain",
                null,
                claim.type().wireName() + " to " + target + " after " + claim.attempt() + " attempt(s)"
                        + (httpStatus == null ? "" : ", HTTP " + httpStatus) + (error == null ? "" : ": " + error));
    }

    /**
     * Sends the delivery again: {@code PENDING}, due now, given up on {@code retryFor} from now, its backoff started
     * afresh. Same webhook-id and body; its attempts so far stay in the log. Empty when the contract has no such
     * delivery.
     */
    public Optional<DeliveryRecord> redeliver(String contractId, String deliveryId, Duration retryFor) {
        Instant now = clock.instant();
        int updated = jdbc.sql("""
                        update callback_delivery
                           set status = 'PENDING', next_attempt_at = :now, give_up_at = :giveUpAt, delivered_at = null,
                               failed_at = null, attempts = 0
                         where id = :id and contract_id = :contractId""")
                .param("now", Sql.ts(now))
                .param("giveUpAt", Sql.ts(now.plus(retryFor)))
                .param("id", UUID.fromString(deliveryId))
                .param("contractId", UUID.fromString(contractId))
                .update();
        return updated == 0 ? Optional.empty() : delivery(contractId, deliveryId);
    }

    public Optional<DeliveryRecord> delivery(String contractId, String deliveryId) {
        return load(
                        "d.contract_id = :contractId and d.id = :id",
                        Map.of("contractId", UUID.fromString(contractId), "id", UUID.fromString(deliveryId)))
                .stream()
                .findFirst();
    }

    /** Every delivery of the contract's events, in event order. */
    public List<DeliveryRecord> deliveries(String contractId) {
        return load("d.contract_id = :contractId", Map.of("contractId", UUID.fromString(contractId)));
    }

    private List<DeliveryRecord> load(String condition, Map<String, Object> params) {
        Map<String, List<DeliveryRecord.Attempt>> attempts = new LinkedHashMap<>();
        jdbc.sql("select a.* from callback_attempt a join callback_delivery d on d.id = a.delivery_id where "
                        + condition + " order by a.id")
                .params(params)
                .query((ResultSet rs) -> {
                    attempts.computeIfAbsent(
                                    rs.getObject("delivery_id", UUID.class).toString(), k -> new ArrayList<>())
                            .add(new DeliveryRecord.Attempt(
                                    Sql.instant(rs, "started_at"),
                                    Sql.instant(rs, "finished_at"),
                                    Sql.nullableInt(rs, "http_status"),
                                    rs.getString("error")));
                });
        return jdbc.sql("select d.*, e.id as event_id, e.type from callback_delivery d"
                        + " join callback_event e on e.seq = d.event_seq where " + condition
                        + " order by d.event_seq, d.target_url")
                .params(params)
                .query((rs, n) -> {
                    String id = rs.getObject("id", UUID.class).toString();
                    return new DeliveryRecord(
                            id,
                            rs.getObject("event_id", UUID.class).toString(),
                            type(rs),
                            rs.getString("target_url"),
                            CallbackOrigin.valueOf(rs.getString("origin")),
                            DeliveryRecord.Status.valueOf(rs.getString("status")),
                            Sql.instant(rs, "created_at"),
                            Sql.instant(rs, "next_attempt_at"),
                            Sql.instant(rs, "give_up_at"),
                            Sql.instant(rs, "delivered_at"),
                            Sql.instant(rs, "failed_at"),
                            Sql.instant(rs, "lease_until"),
                            attempts.getOrDefault(id, List.of()));
                })
                .list();
    }

    private static CallbackEventType type(ResultSet rs) throws SQLException {
        String type = rs.getString("type");
        return CallbackEventType.ofWireName(type)
                .orElseThrow(() -> new IllegalStateException("unknown callback event type " + type));
    }
}
