package no.signchain.store.callback;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.store.contract.NationalId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records callback events: the outbox half of the callbacks. Callers record an event inside the transaction of the
 * state change it reports, so the change and its event are committed together or not at all; the API process's
 * sender delivers it from there (see {@link CallbackOutbox}).
 *
 * <p>Recording locks the contract's row until the transaction ends, so the events of one contract are numbered in
 * the order their transactions commit, which is the order they are delivered in. Names and reasons are stored with
 * any eleven-digit run blanked: a callback never carries an identity number.
 */
public class CallbackEvents {

    private final JdbcClient jdbc;
    private final Clock clock;

    public CallbackEvents(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    /**
     * Records one event in the caller's transaction.
     *
     * @return false when the event has a dedupe key this contract already recorded an event with (nothing stored)
     * @throws IllegalStateException    outside a transaction: an event recorded apart from its state change could be
     *                                  lost, or sent for a change that was rolled back
     * @throws IllegalArgumentException for an unknown contract
     */
    public boolean record(NewCallbackEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException(
                    "record a callback event inside the transaction of the state change it reports");
        }
        UUID contractId = UUID.fromString(event.contractId());
        boolean known = jdbc.sql("select id from contract where id = ? for update")
                .param(contractId)
                .query(UUID.class)
                .optional()
                .isPresent();
        if (!known) {
            throw new IllegalArgumentException("no contract " + event.contractId());
        }
        return jdbc.sql("""
                        insert into callback_event (id, contract_id, type, occurred_at, signer_index, signer_name,
                                                    signature_url, reason, dedupe_key, recorded_at)
                        values (:id, :contractId, :type, :occurredAt, :signerIndex, :signerName, :signatureUrl,
                                :reason, :dedupeKey, :now)
                        on conflict (contract_id, dedupe_key) where dedupe_key is not null do nothing""")
                        .param("id", UUID.randomUUID())
                        .param("contractId", contractId)
                        .param("type", event.type().wireName())
                        .param("occurredAt", Sql.ts(event.occurredAt()))
                        .param("signerIndex", event.signerIndex())
                        .param("signerName", redacted(event.signerName()))
                        .param("signatureUrl", event.signatureUrl())
                        .param("reason", redacted(event.reason()))
                        .param("dedupeKey", event.dedupeKey())
                        .param("now", Sql.ts(clock.instant()))
                        .update()
                == 1;
    }

    /** Records the events in the given order, in the caller's transaction. */
    public void recordAll(List<NewCallbackEvent> events) {
        events.forEach(this::record);
    }

    private static String redacted(String text) {
        return text == null ? null : NationalId.redact(text);
    }
}
