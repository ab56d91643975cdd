package no.signchain.store.contract;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.callback.CallbackEventType;
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.callback.NewCallbackEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replacements of signers: stored by the API as pending (the new person's identity stays in signchain's database,
 * never in Temporal), applied by the workflow once it has accepted the control, deleted when it refused it.
 */
public class SignerReplacements {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final CallbackEvents callbacks;
    private final ContractEvents audit;
    private final PersonalData personalData;

    public SignerReplacements(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            Clock clock,
            CallbackEvents callbacks,
            ContractEvents audit,
            PersonalData personalData) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.callbacks = callbacks;
        this.audit = audit;
        this.personalData = personalData;
    }

    /** Stores a pending replacement; returns its id, the only thing the workflow is told. */
    public String propose(String contractId, int signerIndex, NewSigner replacement, String requestedBy) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into signer_replacement
                            (id, contract_id, signer_index, name, national_id, national_id_hash, email, mobile,
                             requested_by, requested_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        UUID.fromString(contractId),
                        signerIndex,
                        replacement.name(),
                        // Encrypted for the place it takes: apply() copies it there unchanged.
                        personalData.sealNationalId(contractId, signerIndex, replacement.nationalId()),
                        personalData.hash(replacement.nationalId()),
                        personalData.seal(PersonalData.EMAIL, contractId, signerIndex, replacement.email()),
                        personalData.seal(PersonalData.MOBILE, contractId, signerIndex, replacement.mobile()),
                        requestedBy,
                        Sql.ts(clock.instant()))
                .update();
        return id.toString();
    }

    /** A replacement the workflow refused: nothing of it stays. */
    public void withdraw(String replacementId) {
        jdbc.sql("delete from signer_replacement where id = ? and applied_at is null")
                .param(UUID.fromString(replacementId))
                .update();
    }

    /**
     * Puts the replacement in the signer's place, once, with its {@code signer.replaced} callback and audit entry: a
     * retried call finds it applied and changes nothing. The signer's status and session fields are the workflow's to
     * set.
     *
     * @return whether this call applied it
     */
    public boolean apply(String contractId, int signerIndex, String replacementId) {
        return tx.execute(status -> {
            Optional<Requested> requested = jdbc.sql("""
                            select requested_by, name from signer_replacement
                             where id = ? and contract_id = ? and signer_index = ? and applied_at is null
                               for update""")
                    .params(UUID.fromString(replacementId), UUID.fromString(contractId), signerIndex)
                    .query((rs, n) -> new Requested(rs.getString("requested_by"), rs.getString("name")))
                    .optional();
            if (requested.isEmpty()) {
                return false;
            }
            jdbc.sql("""
                            update contract_signer s
                               set name = r.name, national_id = r.national_id, national_id_hash = r.national_id_hash,
                                   email = r.email, mobile = r.mobile
                              from signer_replacement r
                             where r.id = ? and s.contract_id = r.contract_id and s.signer_index = r.signer_index""").param(UUID.fromString(replacementId)).update();
            jdbc.sql("update signer_replacement set applied_at = ? where id = ?")
                    .params(Sql.ts(clock.instant()), UUID.fromString(replacementId))
                    .update();
            callbacks.record(NewCallbackEvent.signer(
                            contractId,
                            CallbackEventType.SIGNER_REPLACED,
                            clock.instant(),
                            signerIndex,
                            requested.get().name())
                    .withDedupeKey("replacement:" + replacementId));
            audit.record(
                    contractId,
                    CallbackEventType.SIGNER_REPLACED.wireName(),
                    requested.get().by(),
                    signerIndex,
                    "signer " + signerIndex + " replaced by another person");
            return true;
        });
    }

    private record Requested(String by, String name) {}
}
