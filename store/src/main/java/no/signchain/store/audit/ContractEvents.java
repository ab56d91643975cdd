package no.signchain.store.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.store.callback.NewCallbackEvent;
import no.signchain.store.contract.NationalId;
import no.signchain.store.metrics.SignchainMetrics;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit trail of each contract: what happened, when, and who acted, in order, kept in signchain's own database so
 * it outlives Temporal's retention. Entries are written where the thing happens (intake, activities, the progress
 * record), inside the same transaction when there is one. Never a national identity number: callers describe people
 * by their position in the contract.
 */
public class ContractEvents {

    /** One entry. {@code actor}: {@code api}, {@code provider}, {@code signer 2}, {@code signchain}, {@code schedule}, {@code operator:<name>}. */
    public record Entry(Instant occurredAt, String kind, String actor, Integer signerIndex, String detail) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SignchainMetrics metrics;

    public ContractEvents(DataSource dataSource, Clock clock) {
        this(dataSource, clock, SignchainMetrics.none(dataSource));
    }

    /** Every entry is counted too, where {@code metrics} counts its kind: the audit trail sees all that happens. */
    public ContractEvents(DataSource dataSource, Clock clock, SignchainMetrics metrics) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
        this.metrics = metrics;
    }

    public void record(String contractId, String kind, String actor, Integer signerIndex, String detail) {
        record(contractId, clock.instant(), kind, actor, signerIndex, detail);
        metrics.auditEntry(kind);
    }

    /**
     * The state changes a business system is told of by callback are audit entries too, under the callback's name
     * ({@code signer.signed}): a signer's decision is theirs, a submission the API client's, the rest signchain's.
     */
    public void recordStateChanges(List<NewCallbackEvent> changes) {
        for (NewCallbackEvent change : changes) {
            record(
                    change.contractId(),
                    change.occurredAt(),
                    change.type().wireName(),
                    actorOf(change),
                    change.signerIndex(),
                    change.reason());
        }
        metrics.stateChanges(changes);
    }

    /**
     * An entry for what the API client that submitted the contract did (its original stored, say), under the
     * client's name as its token gave it.
     */
    public void recordBySubmitter(String contractId, String kind, Integer signerIndex, String detail) {
        record(contractId, clock.instant(), kind, submitterOf(contractId), signerIndex, detail);
    }

    private String actorOf(NewCallbackEvent change) {
        return switch (change.type()) {
            case SIGNER_SIGNED, SIGNER_REJECTED -> "signer " + change.signerIndex();
            case CONTRACT_STARTED -> submitterOf(change.contractId());
            default -> "signchain";
        };
    }

    private String submitterOf(String contractId) {
        return jdbc.sql("select owner from contract where id = ?")
                .param(UUID.fromString(contractId))
                .query(String.class)
                .optional()
                .orElse("api");
    }

    private void record(
            String contractId, Instant occurredAt, String kind, String actor, Integer signerIndex, String detail) {
        jdbc.sql("""
                        insert into contract_event (contract_id, occurred_at, kind, actor, signer_index, detail)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(
                        UUID.fromString(contractId),
                        Sql.ts(occurredAt),
                        kind,
                        actor,
                        signerIndex,
                        NationalId.redact(detail))
                .update();
    }

    /** Every entry of the contract, oldest first (by when it happened: a signature is noted after its version is stored). */
    public List<Entry> of(String contractId) {
        return jdbc.sql("""
                        select occurred_at, kind, actor, signer_index, detail
                          from contract_event where contract_id = ? order by occurred_at, seq""")
                .param(UUID.fromString(contractId))
                .query((rs, n) -> new Entry(
                        Sql.instant(rs, "occurred_at"),
                        rs.getString("kind"),
                        rs.getString("actor"),
                        Sql.nullableInt(rs, "signer_index"),
                        rs.getString("detail")))
                .list();
    }
}
