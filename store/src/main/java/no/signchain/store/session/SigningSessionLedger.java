package no.signchain.store.session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.workflows.signing.SignerStep;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every session signchain asked a provider for. A step's row is written and committed before the provider is
 * called, then locked while the session is opened: a concurrent or later attempt of the same activity waits for
 * the lock and finds the session, and one that finds the row without a session knows an earlier attempt may have
 * opened one at the provider and looks for it before opening again.
 */
public class SigningSessionLedger {

    /** A signer's first session; each replacement of the signer opens the next attempt. */
    public static final int FIRST_ATTEMPT = 1;

    private final JdbcClient jdbc;
    private final Clock clock;

    public SigningSessionLedger(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    /** The reference stored with the session at the provider: names the step, carries no personal data. */
    public static String externalReference(SignerStep step, int attempt) {
        return "signchain:" + step.contractId() + ":" + step.signerIndex() + ":" + attempt;
    }

    /**
     * Writes the step's row if it is not there yet. Must commit on its own, before the provider is called.
     *
     * @return true when this call wrote it, so no earlier attempt can have reached the provider
     */
    public boolean register(SignerStep step, int attempt, String provider) {
        return jdbc.sql("""
                insert into signing_session (contract_id, signer_index, attempt, provider, external_reference, requested_at)
                values (?, ?, ?, ?, ?, ?)
                on conflict do nothing""")
                        .params(
                                UUID.fromString(step.contractId()),
                                step.signerIndex(),
                                attempt,
                                provider,
                                externalReference(step, attempt),
                                Sql.ts(clock.instant()))
                        .update()
                == 1;
    }

    /**
     * Locks the step's row until the surrounding transaction ends, and returns it. Waits at most 20 s for the lock:
     * a holder that went silent (its worker cut off from the database) would otherwise park every retry, with its
     * connection and activity slot, until TCP gives up on it hours later; a retry that times out here is retried.
     */
    public Entry lock(SignerStep step, int attempt) {
        return lockIfPresent(step, attempt)
                .orElseThrow(() -> new IllegalStateException("no session row for step " + step));
    }

    /** As {@link #lock}, for a caller to whom a step without a row is an answer, not a fault. */
    public Optional<Entry> lockIfPresent(SignerStep step, int attempt) {
        jdbc.sql("set local lock_timeout = '20s'").update();
        return jdbc.sql("""
                select external_reference, provider_session_id, signature_url, due_at, requested_at
                  from signing_session
                 where contract_id = ? and signer_index = ? and attempt = ?
                   for update""")
                .params(UUID.fromString(step.contractId()), step.signerIndex(), attempt)
                .query((rs, n) -> new Entry(
                        rs.getString("external_reference"),
                        rs.getString("provider_session_id"),
                        rs.getString("signature_url"),
                        Sql.instant(rs, "due_at"),
                        Sql.instant(rs, "requested_at")))
                .optional();
    }

    /**
     * Notes a session the provider has named for the step before it is signable (see {@code session_opening}). The
     * caller runs this in a transaction of its own, committed at once: it must outlive a crash before the step's
     * session is recorded. Noting the same name twice changes nothing.
     */
    public void recordOpening(SignerStep step, String externalReference, String sessionRef) {
        jdbc.sql("""
                insert into session_opening (contract_id, external_reference, provider_session_id, named_at)
                values (?, ?, ?, ?) on conflict do nothing""")
                .params(UUID.fromString(step.contractId()), externalReference, sessionRef, Sql.ts(clock.instant()))
                .update();
    }

    /** The sessions providers named under this reference while opening, first named first. */
    public List<String> openings(String externalReference) {
        return jdbc.sql("""
                select provider_session_id from session_opening
                 where external_reference = ? order by named_at, provider_session_id""").param(externalReference).query(String.class).list();
    }

    /**
     * Notes that signchain withdraws this session of the step (see {@code session_withdrawal}), before the provider is
     * asked. The caller runs this in a transaction of its own, committed at once: the note must hold even if the
     * withdrawal's answer is lost. Noting it twice changes nothing.
     */
    public void recordWithdrawal(SignerStep step, String externalReference, String sessionRef) {
        jdbc.sql("""
                insert into session_withdrawal (contract_id, external_reference, provider_session_id, withdrawn_at)
                values (?, ?, ?, ?) on conflict do nothing""")
                .params(UUID.fromString(step.contractId()), externalReference, sessionRef, Sql.ts(clock.instant()))
                .update();
    }

    /** The sessions signchain withdrew, or set out to withdraw, under this reference. */
    public Set<String> withdrawals(String externalReference) {
        return Set.copyOf(jdbc.sql("select provider_session_id from session_withdrawal where external_reference = ?")
                .param(externalReference)
                .query(String.class)
                .list());
    }

    /**
     * Records the session the provider opened for the step: its id there, the signer's link and its due date. The
     * session's events that arrived before it was recorded become due for relaying at once, ahead of strangers' events;
     * the relay looks at such events again only rarely on its own.
     */
    public void recordOpened(SignerStep step, int attempt, String sessionRef, String signatureUrl, Instant dueAt) {
        Instant now = clock.instant();
        jdbc.sql("""
                update signing_session set provider_session_id = ?, signature_url = ?, due_at = ?, opened_at = ?
                 where contract_id = ? and signer_index = ? and attempt = ?""")
                .params(
                        sessionRef,
                        signatureUrl,
                        Sql.ts(dueAt),
                        Sql.ts(now),
                        UUID.fromString(step.contractId()),
                        step.signerIndex(),
                        attempt)
                .update();
        jdbc.sql("""
                update webhook_inbox set next_attempt_at = ?, session_known = true
                 where session_ref = ? and relayed_at is null""").params(Sql.ts(now), sessionRef).update();
    }

    /** The contract and step a provider session belongs to, for routing its events. */
    public Optional<SignerStep> stepOf(String providerSessionId) {
        return jdbc.sql("select contract_id, signer_index from signing_session where provider_session_id = ?")
                .param(providerSessionId)
                .query((rs, n) ->
                        new SignerStep(rs.getObject("contract_id", UUID.class).toString(), rs.getInt("signer_index")))
                .optional();
    }

    /** Records that the session's due date moved (the signer's deadline changed). */
    public void recordDueDate(String providerSessionId, Instant dueAt) {
        jdbc.sql("update signing_session set due_at = ? where provider_session_id = ?")
                .params(Sql.ts(dueAt), providerSessionId)
                .update();
    }

    /** A step's session row. {@code sessionRef} is null until the provider confirmed the session. */
    public record Entry(
            String externalReference, String sessionRef, String signatureUrl, Instant dueAt, Instant requestedAt) {
        public boolean opened() {
            return sessionRef != null;
        }
    }
}
