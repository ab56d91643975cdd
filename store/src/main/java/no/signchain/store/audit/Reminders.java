package no.signchain.store.audit;

import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.store.callback.CallbackEventType;
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.callback.NewCallbackEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Reminders sent, by the workflow's reminder id: what makes a retried reminder activity send nothing twice. */
public class Reminders {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final CallbackEvents callbacks;
    private final ContractEvents audit;

    public Reminders(
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

    public boolean wasSent(String reminderId) {
        return jdbc.sql("select count(*) from reminder where id = ?")
                        .param(UUID.fromString(reminderId))
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /**
     * Notes the reminder as sent, with its {@code signer.reminder_due} callback (carrying the signature URL, so the
     * business system can remind the signer its own way too) and audit entry, in one transaction.
     *
     * @return false when it was noted before (nothing recorded)
     */
    public boolean noteSent(SentReminder reminder) {
        return tx.execute(status -> {
            boolean first = jdbc.sql("""
                                    insert into reminder (id, contract_id, signer_index, requested_by, emailed, sent_at)
                                    values (?, ?, ?, ?, ?, ?)
                                    on conflict (id) do nothing""")
                            .params(
                                    UUID.fromString(reminder.reminderId()),
                                    UUID.fromString(reminder.contractId()),
                                    reminder.signerIndex(),
                                    reminder.requestedBy(),
                                    reminder.emailed(),
                                    Sql.ts(clock.instant()))
                            .update()
                    == 1;
            if (first) {
                callbacks.record(NewCallbackEvent.signer(
                                reminder.contractId(),
                                CallbackEventType.SIGNER_REMINDER_DUE,
                                clock.instant(),
                                reminder.signerIndex(),
                                reminder.signerName())
                        .withSignatureUrl(reminder.signatureUrl())
                        .withDedupeKey("reminder:" + reminder.reminderId()));
                audit.record(
                        reminder.contractId(),
                        "signer.reminded",
                        reminder.requestedBy(),
                        reminder.signerIndex(),
                        reminder.emailed() ? "by callback and e-mail" : "by callback");
            }
            return first;
        });
    }

    /**
     * @param requestedBy {@code schedule}, {@code api}, {@code operator:<name>}
     * @param emailed     whether an e-mail went to the signer
     */
    public record SentReminder(
            String reminderId,
            String contractId,
            int signerIndex,
            String signerName,
            String signatureUrl,
            String requestedBy,
            boolean emailed) {}
}
