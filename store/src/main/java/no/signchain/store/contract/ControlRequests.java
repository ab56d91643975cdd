package no.signchain.store.contract;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import no.signchain.store.RequestFingerprint;
import no.signchain.store.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lifecycle controls a business system sent with an {@code Idempotency-Key}. A repeat of the same control under the
 * same key goes to Temporal under the first one's update id, which Temporal applies once; once the API has seen the
 * control taken or applied, a repeat is answered from here without asking again (the workflow may have continued as
 * a new run since, which would not know the update id). A replacement's person is stored once, with the first claim.
 */
public class ControlRequests {

    /** What the API last saw of a keyed control. */
    public enum Outcome {
        /** Taken by the workflow, not yet known to be applied. */
        TAKEN,
        /** Applied. */
        APPLIED
    }

    /**
     * A keyed control as first asked.
     *
     * @param updateId the Temporal update id every attempt of it is sent under
     * @param replacementId for a replacement, the pending person stored with the first attempt
     * @param outcome what the API saw of an earlier attempt; null when none was taken in time
     */
    public record Claim(String updateId, String replacementId, Outcome outcome) {}

    /** The key was used for another control, or the same control asking something else. */
    public static final class KeyReused extends RuntimeException {
        KeyReused() {
            super("Idempotency-Key already used for another control on this contract", null, false, false);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final PersonalData personalData;

    public ControlRequests(
            DataSource dataSource, PlatformTransactionManager transactions, Clock clock, PersonalData personalData) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.personalData = personalData;
    }

    /**
     * What a control asks, as a repeat must ask it again: hex SHA-256 over its name, signer, detail (a reason, a
     * deadline) and, for a replacement, the person, whose identity number enters as its keyed hash only.
     */
    public String fingerprint(String control, int signerIndex, String detail, NewSigner person) {
        RequestFingerprint fingerprint = RequestFingerprint.of("signchain-control-v1")
                .field(control)
                .field(Integer.toString(signerIndex))
                .field(detail);
        if (person != null) {
            fingerprint
                    .field(person.name())
                    .field(personalData.hash(person.nationalId()))
                    .field(person.email())
                    .field(person.mobile());
        }
        return fingerprint.hex();
    }

    /**
     * The key's claim: stored now on its first use, with a new update id and, when {@code replacement} is given, the
     * person it stores (in the same transaction, so a claim never lacks its person); on a repeat, the first claim.
     *
     * @throws KeyReused when the key was first used with another fingerprint
     */
    public Claim claim(String contractId, String client, String key, String fingerprint, Supplier<String> replacement) {
        return tx.execute(status -> {
            int inserted = jdbc.sql("""
                            insert into control_request
                                (contract_id, client, idempotency_key, fingerprint, update_id, requested_at)
                            values (?, ?, ?, ?, ?, ?)
                            on conflict do nothing""")
                    .params(
                            UUID.fromString(contractId),
                            client,
                            key,
                            fingerprint,
                            "control-" + UUID.randomUUID(),
                            Sql.ts(clock.instant()))
                    .update();
            if (inserted == 1 && replacement != null) {
                jdbc.sql("""
                                update control_request set replacement_id = ?
                                 where contract_id = ? and client = ? and idempotency_key = ?""")
                        .params(UUID.fromString(replacement.get()), UUID.fromString(contractId), client, key)
                        .update();
            }
            Stored stored = find(contractId, client, key).orElseThrow();
            if (!stored.fingerprint().equals(fingerprint)) {
                throw new KeyReused();
            }
            return stored.claim();
        });
    }

    /** Records what the API saw, so that a repeat is answered without sending the control again. */
    public void settle(String contractId, String client, String key, Outcome outcome) {
        jdbc.sql("""
                        update control_request set outcome = ?
                         where contract_id = ? and client = ? and idempotency_key = ?
                           and (outcome is null or outcome = 'TAKEN')""")
                .params(outcome.name(), UUID.fromString(contractId), client, key)
                .update();
    }

    /** A control the workflow refused changed nothing: its key is free for another request. */
    public void release(String contractId, String client, String key) {
        jdbc.sql("delete from control_request where contract_id = ? and client = ? and idempotency_key = ?")
                .params(UUID.fromString(contractId), client, key)
                .update();
    }

    private Optional<Stored> find(String contractId, String client, String key) {
        return jdbc.sql("""
                        select fingerprint, update_id, replacement_id, outcome from control_request
                         where contract_id = ? and client = ? and idempotency_key = ?""")
                .params(UUID.fromString(contractId), client, key)
                .query((rs, n) -> new Stored(
                        rs.getString("fingerprint"),
                        new Claim(
                                rs.getString("update_id"),
                                rs.getString("replacement_id"),
                                rs.getString("outcome") == null ? null : Outcome.valueOf(rs.getString("outcome")))))
                .optional();
    }

    private record Stored(String fingerprint, Claim claim) {}
}
