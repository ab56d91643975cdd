package no.signchain.store.contract;

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
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.callback.NewCallbackEvent;
import no.signchain.store.callback.ProgressEvents;
import no.signchain.store.callback.StoredProgress;
import no.signchain.workflows.contract.ContractPhase;
import no.signchain.workflows.contract.ContractProgress;
import no.signchain.workflows.contract.ContractStatus;
import no.signchain.workflows.contract.ReminderSchedule;
import no.signchain.workflows.contract.SignerStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Contracts and their signers in signchain's database: written at intake and by the workflow, read by the API. */
public class ContractRepository {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final TransactionTemplate tx;
    private final TransactionTemplate snapshot;
    private final Clock clock;
    private final CallbackEvents callbackEvents;
    private final ContractEvents audit;
    private final PersonalData personalData;

    /** With the callback events and audit entries that {@link #recordProgress} records in its transaction. */
    public ContractRepository(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            Clock clock,
            CallbackEvents callbackEvents,
            ContractEvents audit,
            PersonalData personalData) {
        this.jdbc = JdbcClient.create(dataSource);
        this.batch = new NamedParameterJdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(transactions);
        // A contract and its signers are two reads; one snapshot keeps them from straddling a progress write
        // (a FAILED contract shown with a signer still WAITING).
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.clock = clock;
        this.callbackEvents = callbackEvents;
        this.audit = audit;
        this.personalData = personalData;
    }

    /**
     * Inserts the contract and its signers as {@code ACTIVE}/{@code WAITING}. Callers run this in the same
     * transaction as storing the original document.
     *
     * @param submissionSha256 identifies the request, so that a resubmission under the same reference can be told
     *                         apart from a different contract reusing it
     */
    public void insert(String contractId, NewContract contract, String submissionSha256) {
        Instant now = clock.instant();
        jdbc.sql("""
                insert into contract (id, owner, title, external_ref, idempotency_key, submission_sha256, status, phase,
                                      signer_count, reminder_first_after, reminder_every, reminder_max,
                                      created_at, updated_at, callback_url, provider)
                values (:id, :owner, :title, :externalRef, :idempotencyKey, :submissionSha256, :status, :phase, :signerCount,
                        :reminderFirstAfter, :reminderEvery, :reminderMax, :now, :now, :callbackUrl, :provider)""")
                .param("id", UUID.fromString(contractId))
                .param("owner", contract.owner())
                .param("title", contract.title())
                .param("externalRef", contract.externalRef())
                .param("idempotencyKey", contract.idempotencyKey())
                .param("submissionSha256", submissionSha256)
                .param("status", ContractStatus.ACTIVE.name())
                .param("phase", ContractPhase.OPENING_SESSION.name())
                .param("signerCount", contract.signers().size())
                .param("reminderFirstAfter", contract.reminders().firstAfter().toString())
                .param("reminderEvery", contract.reminders().every().toString())
                .param("reminderMax", contract.reminders().max())
                .param("now", Sql.ts(now))
                .param("callbackUrl", contract.callbackUrl())
                .param("provider", contract.provider())
                .update();
        int index = 0;
        for (NewSigner signer : contract.signers()) {
            index++;
            jdbc.sql("""
                    insert into contract_signer (contract_id, signer_index, name, national_id, national_id_hash, email,
                                                 mobile, deadline, status)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            UUID.fromString(contractId),
                            index,
                            signer.name(),
                            personalData.sealNationalId(contractId, index, signer.nationalId()),
                            personalData.hash(signer.nationalId()),
                            personalData.seal(PersonalData.EMAIL, contractId, index, signer.email()),
                            personalData.seal(PersonalData.MOBILE, contractId, index, signer.mobile()),
                            Sql.ts(signer.deadline()),
                            SignerStatus.WAITING.name())
                    .update();
        }
    }

    /** The fingerprint of the request that created the contract; empty for contracts stored before it was kept. */
    public Optional<String> submissionSha256(String contractId) {
        return jdbc.sql("select submission_sha256 from contract where id = ?")
                .param(UUID.fromString(contractId))
                .query(String.class)
                .optional();
    }

    public Optional<ContractRecord> find(String contractId) {
        return findWhere("c.id = ?", UUID.fromString(contractId));
    }

    /** The owner's contract under their reference; references are the owner's own, unique per owner. */
    public Optional<ContractRecord> findByExternalRef(String owner, String externalRef) {
        return findWhere("c.owner = ? and c.external_ref = ?", owner, externalRef);
    }

    public Optional<ContractRecord> findByIdempotencyKey(String owner, String key) {
        return findWhere("c.owner = ? and c.idempotency_key = ?", owner, key);
    }

    /** The owner's contracts newest first, optionally only those with one status. */
    public ContractPage list(String owner, ContractStatus status, int page, int size) {
        return snapshot.execute(read -> listInSnapshot(owner, status, page, size));
    }

    private ContractPage listInSnapshot(String owner, ContractStatus status, int page, int size) {
        String filter = " where c.owner = :owner" + (status == null ? "" : " and c.status = :status");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("owner", owner);
        if (status != null) {
            params.put("status", status.name());
        }
        long total = jdbc.sql("select count(*) from contract c" + filter)
                .params(params)
                .query(Long.class)
                .single();
        params.put("limit", size);
        params.put("offset", (long) page * size);
        List<String> ids = jdbc.sql("select c.id from contract c" + filter
                        + " order by c.created_at desc, c.id limit :limit offset :offset")
                .params(params)
                .query((rs, n) -> rs.getObject(1, UUID.class).toString())
                .list();
        List<ContractRecord> contracts = new ArrayList<>();
        if (!ids.isEmpty()) {
            Map<String, ContractRecord> byId = new LinkedHashMap<>();
            for (ContractRecord record : loadMany(ids)) {
                byId.put(record.id(), record);
            }
            ids.forEach(id -> contracts.add(byId.get(id)));
        }
        return new ContractPage(contracts, page, size, total);
    }

    /** The signer the given step is for, with their identity: activities read it to open a session. */
    public SignerRecord signer(String contractId, int index) {
        return jdbc.sql("select * from contract_signer where contract_id = ? and signer_index = ?")
                .params(UUID.fromString(contractId), index)
                .query(this::signerRow)
                .optional()
                .orElseThrow(() -> new IllegalStateException("contract " + contractId + " has no signer " + index));
    }

    /**
     * The indexes of the contract's signers who are this person, found by the keyed hash of their number (the
     * database never sees the number itself).
     */
    public List<Integer> signerIndexesOf(String contractId, NationalId person) {
        return jdbc.sql(
                        "select signer_index from contract_signer where contract_id = ? and national_id_hash = ? order by signer_index")
                .params(UUID.fromString(contractId), personalData.hash(person))
                .query(Integer.class)
                .list();
    }

    /** The signing service the contract's signers sign at: activities route every provider call by it. */
    public String provider(String contractId) {
        return jdbc.sql("select provider from contract where id = ?")
                .param(UUID.fromString(contractId))
                .query(String.class)
                .single();
    }

    public String title(String contractId) {
        return jdbc.sql("select title from contract where id = ?")
                .param(UUID.fromString(contractId))
                .query(String.class)
                .single();
    }

    /**
     * Stores a workflow progress snapshot unless a newer one is stored. Newer is a higher {@link
     * ContractProgress#sequence()}: a workflow task run again (its worker killed, its completion refused) writes its
     * snapshots again in order, and without the number its first one would roll back its last and the last would then
     * cause its callback event a second time. Snapshots from workers that do not number them are ordered by workflow
     * time, as before. An ended contract stays ended whatever arrives. In the same transaction, the callback events
     * the snapshot causes are recorded ({@link ProgressEvents}: the difference between what was stored and the
     * snapshot, so a repeated snapshot records none).
     */
    public void recordProgress(ContractProgress progress) {
        tx.executeWithoutResult(status -> {
            StoredProgress before = storedProgress(progress.contractId());
            int updated = jdbc.sql("""
                    update contract set status = :status, phase = :phase, current_signer = :currentSigner,
                           latest_version = :latestVersion, reason = :reason, progress_at = :progressAt,
                           progress_sequence = :sequence, updated_at = :now
                     where id = :id and status = 'ACTIVE'
                       and (progress_at is null
                            or case when progress_sequence > 0 and :sequence > 0 then progress_sequence <= :sequence
                                    else progress_at <= :progressAt end)""")
                    .param("status", progress.status().name())
                    .param("phase", progress.phase().name())
                    .param("currentSigner", progress.currentSigner())
                    .param(
                            "latestVersion",
                            progress.latestDocument() == null
                                    ? 0
                                    : progress.latestDocument().version())
                    .param("reason", progress.reason())
                    .param("progressAt", Sql.ts(progress.updatedAt()))
                    .param("sequence", progress.sequence())
                    .param("now", Sql.ts(clock.instant()))
                    .param("id", UUID.fromString(progress.contractId()))
                    .update();
            if (updated == 0) {
                return;
            }
            recordSigners(progress);
            if (before != null) {
                List<NewCallbackEvent> changes = ProgressEvents.between(before, progress);
                callbackEvents.recordAll(changes);
                audit.recordStateChanges(changes);
            }
        });
    }

    /**
     * Writes the snapshot's signers in one batch, one round trip to the database, and rewrites only the rows that
     * differ: a snapshot changes one or two signers, and a handoff records five snapshots, where every signer's row
     * was rewritten in a round trip of its own (50 a snapshot for a 50-signer contract).
     */
    private void recordSigners(ContractProgress progress) {
        UUID contractId = UUID.fromString(progress.contractId());
        SqlParameterSource[] rows = progress.signers().stream()
                .map(signer -> new MapSqlParameterSource()
                        .addValue("contractId", contractId)
                        .addValue("index", signer.index())
                        .addValue("status", signer.status().name())
                        .addValue("sessionRef", signer.sessionRef())
                        .addValue("signatureUrl", signer.signatureUrl())
                        .addValue("dueAt", Sql.ts(signer.dueAt()))
                        .addValue("finishedAt", Sql.ts(signer.finishedAt())))
                .toArray(SqlParameterSource[]::new);
        batch.batchUpdate("""
                update contract_signer
                   set status = :status, session_ref = :sessionRef, signature_url = :signatureUrl, due_at = :dueAt,
                       finished_at = :finishedAt
                 where contract_id = :contractId and signer_index = :index
                   and (status, session_ref, signature_url, due_at, finished_at)
                       is distinct from (:status, :sessionRef, :signatureUrl, :dueAt, :finishedAt)""", rows);
    }

    /** The contract's status and signers as stored, its row locked until the transaction ends; null if unknown. */
    private StoredProgress storedProgress(String contractId) {
        UUID id = UUID.fromString(contractId);
        Optional<ContractStatus> status = jdbc.sql("select status from contract where id = ? for update")
                .param(id)
                .query((rs, n) -> ContractStatus.valueOf(rs.getString(1)))
                .optional();
        if (status.isEmpty()) {
            return null;
        }
        List<StoredProgress.Signer> signers = jdbc.sql(
                        "select signer_index, status, session_ref, name from contract_signer where contract_id = ?")
                .param(id)
                .query((rs, n) -> new StoredProgress.Signer(
                        rs.getInt("signer_index"),
                        SignerStatus.valueOf(rs.getString("status")),
                        rs.getString("session_ref"),
                        rs.getString("name")))
                .list();
        return new StoredProgress(status.get(), signers);
    }

    public void markWorkflowStarted(String contractId) {
        jdbc.sql("update contract set workflow_started_at = ? where id = ? and workflow_started_at is null")
                .params(Sql.ts(clock.instant()), UUID.fromString(contractId))
                .update();
    }

    /** Contracts stored longer ago than {@code olderThan} whose workflow was never confirmed started. */
    public List<String> notStarted(Instant olderThan, int limit) {
        return jdbc.sql(
                        "select id from contract where workflow_started_at is null and created_at < ? order by created_at limit ?")
                .params(Sql.ts(olderThan), limit)
                .query((rs, n) -> rs.getObject(1, UUID.class).toString())
                .list();
    }

    private Optional<ContractRecord> findWhere(String condition, Object... values) {
        return snapshot.execute(read -> findInSnapshot(condition, values));
    }

    private Optional<ContractRecord> findInSnapshot(String condition, Object... values) {
        List<String> ids = jdbc.sql("select c.id from contract c where " + condition)
                .params(values)
                .query((rs, n) -> rs.getObject(1, UUID.class).toString())
                .list();
        return ids.isEmpty() ? Optional.empty() : Optional.of(loadMany(ids).get(0));
    }

    private List<ContractRecord> loadMany(List<String> ids) {
        List<UUID> uuids = ids.stream().map(UUID::fromString).toList();
        Map<String, List<SignerRecord>> signers = new LinkedHashMap<>();
        jdbc.sql("select * from contract_signer where contract_id in (:ids) order by contract_id, signer_index")
                .param("ids", uuids)
                .query((ResultSet rs) -> {
                    signers.computeIfAbsent(
                                    rs.getObject("contract_id", UUID.class).toString(), k -> new ArrayList<>())
                            .add(signerRow(rs, 0));
                });
        return jdbc.sql("select * from contract c where c.id in (:ids)")
                .param("ids", uuids)
                .query((rs, n) -> contractRow(rs, signers))
                .list();
    }

    private static ContractRecord contractRow(ResultSet rs, Map<String, List<SignerRecord>> signers)
            throws SQLException {
        String id = rs.getObject("id", UUID.class).toString();
        return new ContractRecord(
                id,
                rs.getString("owner"),
                rs.getString("title"),
                rs.getString("external_ref"),
                ContractStatus.valueOf(rs.getString("status")),
                ContractPhase.valueOf(rs.getString("phase")),
                rs.getInt("signer_count"),
                rs.getInt("current_signer"),
                rs.getInt("latest_version"),
                rs.getString("reason"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"),
                Sql.instant(rs, "workflow_started_at"),
                signers.getOrDefault(id, List.of()),
                rs.getString("callback_url"),
                reminderPlan(rs),
                Sql.instant(rs, "erased_at"),
                rs.getString("provider"));
    }

    private static ReminderSchedule reminderPlan(ResultSet rs) throws SQLException {
        String firstAfter = rs.getString("reminder_first_after");
        return firstAfter == null
                ? ReminderSchedule.NONE
                : new ReminderSchedule(
                        Duration.parse(firstAfter),
                        Duration.parse(rs.getString("reminder_every")),
                        rs.getInt("reminder_max"));
    }

    /** A signer; their national identity number is null once the contract's personal data was erased. */
    private SignerRecord signerRow(ResultSet rs, int rowNum) throws SQLException {
        String contractId = rs.getObject("contract_id", UUID.class).toString();
        int index = rs.getInt("signer_index");
        return new SignerRecord(
                index,
                rs.getString("name"),
                personalData.openNationalId(contractId, index, rs.getString("national_id")),
                personalData.open(PersonalData.EMAIL, contractId, index, rs.getString("email")),
                personalData.open(PersonalData.MOBILE, contractId, index, rs.getString("mobile")),
                Sql.instant(rs, "deadline"),
                SignerStatus.valueOf(rs.getString("status")),
                rs.getString("session_ref"),
                rs.getString("signature_url"),
                Sql.instant(rs, "due_at"),
                Sql.instant(rs, "finished_at"));
    }
}
