package no.signchain.store.erasure;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.callback.CallbackEventType;
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.callback.NewCallbackEvent;
import no.signchain.workflows.contract.ContractStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases an ended contract's document bytes and personal data, at once (on request) or when its retention ran out.
 * What stays is what proves what happened without saying who: the contract's status, its document versions' sizes
 * and SHA-256 hashes, the verification verdicts, and the audit trail, with every signer named by position
 * ("signer 2") instead of by name.
 *
 * <p>Erasing is nulling and deleting, never decrypting and rewriting: every column of {@code contract_signer} but the
 * few kept ones is nulled, whatever it holds and however it is stored (V9 lets them be null), so a column added for
 * personal data later is erased without anyone remembering to list it here. Free text that may quote a signer's name
 * (a cancellation reason, a callback's body) is rewritten with the names as they were stored, read before they go.
 *
 * <p>Everything happens in one transaction with the contract's row locked, so an erasure is whole or not at all and
 * never races a progress snapshot or another erasure. A callback being dispatched meanwhile is waited for, and its
 * body then rewritten; one dispatched after is rendered from the pseudonymized event.
 */
public class ContractErasure {

    /** What {@link #erase} found. */
    public enum Outcome {
        /** Erased now. */
        ERASED,
        /** Erased before; nothing changed (erasing is idempotent). */
        ALREADY_ERASED,
        /** Still running: cancel it first. Nothing changed. */
        ACTIVE,
        /** No such contract. */
        UNKNOWN
    }

    /** The columns of an erased signer that stay: who they were in the chain and what happened, not who they are. */
    private static final Set<String> KEPT_SIGNER_COLUMNS =
            Set.of("contract_id", "signer_index", "name", "status", "deadline", "due_at", "finished_at", "session_ref");

    private static final String JSON_STRING = "\"(?:[^\"\\\\]|\\\\.)*\"";
    private static final Pattern SIGNER_NAME_FIELD = Pattern.compile("\"signerName\":" + JSON_STRING);
    private static final Pattern SIGNATURE_URL_FIELD = Pattern.compile(",?\"signatureUrl\":" + JSON_STRING);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final CallbackEvents callbacks;
    private final ContractEvents audit;
    private volatile List<String> erasedSignerColumns;

    public ContractErasure(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            Clock clock,
            CallbackEvents callbacks,
            ContractEvents audit) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.callbacks = callbacks;
        this.audit = audit;
    }

    /**
     * Erases the contract's document bytes and personal data, if it has ended.
     *
     * @param actor who asked, for the audit trail: {@code api}, {@code retention}, {@code operator:<name>}
     */
    public Outcome erase(String contractId, String actor) {
        UUID id = UUID.fromString(contractId);
        return tx.execute(status -> {
            // "No key" update: it still excludes progress snapshots and callback events (they lock the row for
            // update), but not the key-share lock that inserting a row referencing the contract takes. A callback
            // sender dispatching this contract's events holds them locked and inserts its deliveries; with a plain
            // "for update" here, each would wait for the other (a deadlock, seen in the end-to-end test).
            Optional<State> state = jdbc.sql("select status, erased_at from contract where id = ? for no key update")
                    .param(id)
                    .query((rs, n) ->
                            new State(ContractStatus.valueOf(rs.getString("status")), Sql.instant(rs, "erased_at")))
                    .optional();
            if (state.isEmpty()) {
                return Outcome.UNKNOWN;
            }
            if (state.get().erasedAt() != null) {
                return Outcome.ALREADY_ERASED;
            }
            if (state.get().status() == ContractStatus.ACTIVE) {
                return Outcome.ACTIVE;
            }
            eraseLocked(id, actor);
            return Outcome.ERASED;
        });
    }

    /** When the contract's personal data was erased; empty while it is kept (or for an unknown contract). */
    public Optional<Instant> erasedAt(String contractId) {
        return jdbc.sql("select erased_at from contract where id = ?")
                .param(UUID.fromString(contractId))
                .query((rs, n) -> Optional.ofNullable(Sql.instant(rs, "erased_at")))
                .optional()
                .flatMap(erased -> erased);
    }

    /**
     * Ended contracts whose end (their last change) is before {@code endedBefore} and whose personal data is still
     * kept, oldest end first, at most {@code limit}.
     */
    public List<String> retainedEndedBefore(Instant endedBefore, int limit) {
        return jdbc.sql("""
                        select id from contract
                         where erased_at is null and status <> 'ACTIVE' and updated_at < ?
                         order by updated_at, id limit ?""")
                .params(Sql.ts(endedBefore), limit)
                .query((rs, n) -> rs.getObject(1, UUID.class).toString())
                .list();
    }

    private void eraseLocked(UUID id, String actor) {
        String contractId = id.toString();
        Pseudonyms pseudonyms = pseudonymsOf(id);
        int versions = jdbc.sql("select count(*) from document_version where contract_id = ?")
                .param(id)
                .query(Integer.class)
                .single();
        jdbc.sql("delete from document_chunk where contract_id = ?").param(id).update();
        // The failure first: the report left in place of the full one quotes it.
        rewrite("version_verification", "failure", "contract_id = ? and failure is not null", id, pseudonyms::apply);
        // The verdict stays; the report goes, since it names the people in the signing certificates.
        jdbc.sql("""
                        update version_verification
                           set report = json_build_object('passed', passed, 'failure', failure,
                                                          'signatureLevel', signature_level,
                                                          'erased', 'the report named the signers and was erased with'
                                                                    || ' the contract''s personal data')::text
                         where contract_id = ?""").param(id).update();
        String nulled = erasedSignerColumns().stream().map(c -> c + " = null").reduce("", (a, b) -> a + ", " + b);
        jdbc.sql("update contract_signer set name = 'signer ' || signer_index" + nulled + " where contract_id = ?")
                .param(id)
                .update();
        jdbc.sql("delete from signer_replacement where contract_id = ?")
                .param(id)
                .update();
        // A keyed replacement's fingerprint hashes the person it named; an ended contract takes no more controls.
        jdbc.sql("delete from control_request where contract_id = ?").param(id).update();
        // Signing links let whoever holds them act as the signer; the provider's events may describe them.
        jdbc.sql("""
                        update webhook_inbox set payload = '{}'
                         where session_ref in (select provider_session_id from signing_session where contract_id = ?)""").param(id).update();
        jdbc.sql("update signing_session set signature_url = null where contract_id = ?")
                .param(id)
                .update();
        jdbc.sql("""
                        update callback_event
                           set signer_name = case when signer_name is null then null else 'signer ' || signer_index end,
                               signature_url = null
                         where contract_id = ?""").param(id).update();
        rewrite("callback_event", "reason", "contract_id = ? and reason is not null", id, pseudonyms::apply);
        rewrite("callback_event", "payload", "contract_id = ? and payload is not null", id, pseudonyms::payload);
        rewrite("contract_event", "detail", "contract_id = ? and detail is not null", id, pseudonyms::apply);
        rewrite("contract", "reason", "id = ? and reason is not null", id, pseudonyms::apply);
        Instant now = clock.instant();
        jdbc.sql("update contract set erased_at = ?, updated_at = ? where id = ?")
                .params(Sql.ts(now), Sql.ts(now), id)
                .update();
        audit.record(
                contractId,
                "contract.erased",
                actor,
                null,
                "document bytes of " + versions + " version(s) and the signers' personal data erased; hashes kept");
        callbacks.record(NewCallbackEvent.contract(contractId, CallbackEventType.CONTRACT_ERASED, now, null));
    }

    /** Rewrites one text column of the matching rows (keyed by ctid: the tables have different keys). */
    private void rewrite(String table, String column, String where, UUID id, UnaryOperator<String> f) {
        record Row(String ctid, String text) {}
        // Locked, so that each row's ctid stays its address until the update (a callback sender may touch the rows).
        List<Row> rows = jdbc.sql(
                        "select ctid::text as ctid, " + column + " from " + table + " where " + where + " for update")
                .param(id)
                .query((rs, n) -> new Row(rs.getString("ctid"), rs.getString(column)))
                .list();
        for (Row row : rows) {
            String rewritten = f.apply(row.text());
            if (!rewritten.equals(row.text())) {
                jdbc.sql("update " + table + " set " + column + " = ? where ctid = ?::tid")
                        .params(rewritten, row.ctid())
                        .update();
            }
        }
    }

    /** The columns of contract_signer that erasure nulls: every one but the kept ones, as the schema has them. */
    private List<String> erasedSignerColumns() {
        List<String> columns = erasedSignerColumns;
        if (columns == null) {
            columns = jdbc.sql("""
                            select column_name from information_schema.columns
                             where table_schema = current_schema() and table_name = 'contract_signer'
                             order by ordinal_position""").query(String.class).list().stream()
                    .filter(c -> !KEPT_SIGNER_COLUMNS.contains(c))
                    .map(c -> "\"" + c + "\"")
                    .toList();
            erasedSignerColumns = columns;
        }
        return columns;
    }

    /** Every name the contract's signers had (replaced ones too), each to be written as its position. */
    private Pseudonyms pseudonymsOf(UUID id) {
        Map<String, String> byName = new LinkedHashMap<>();
        jdbc.sql("""
                        select signer_index, name from contract_signer where contract_id = ?
                        union all
                        select signer_index, name from signer_replacement where contract_id = ?""")
                .params(id, id)
                .query((rs, n) -> Map.entry(rs.getString("name"), "signer " + rs.getInt("signer_index")))
                .list()
                .forEach(e -> byName.putIfAbsent(e.getKey(), e.getValue()));
        return new Pseudonyms(byName);
    }

    private record State(ContractStatus status, Instant erasedAt) {}

    /** Names to positions; the longest name first, so that "Ole Bramserud Jr" is not half-replaced by "Ole Bramserud". */
    record Pseudonyms(Map<String, String> byName) {

        String apply(String text) {
            List<String> names = new ArrayList<>(byName.keySet());
            names.removeIf(name -> name == null || name.isBlank());
            names.sort(Comparator.comparingInt(String::length).reversed());
            String result = text;
            for (String name : names) {
                result = result.replace(name, byName.get(name));
            }
            return result;
        }

        /** A callback body: its signer named by position, no signing link, and no name in its reason. */
        String payload(String json) {
            Matcher index = Pattern.compile("\"signerIndex\":(\\d+)").matcher(json);
            String named = index.find()
                    ? SIGNER_NAME_FIELD.matcher(json).replaceAll("\"signerName\":\"signer " + index.group(1) + "\"")
                    : json;
            return apply(SIGNATURE_URL_FIELD.matcher(named).replaceAll(""));
        }
    }
}
