package no.signchain.workflows.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The workflow's input: what to run, and nothing personal. Names and national identity numbers stay in
 * signchain's database; activities look them up by contract id and signer index, so Temporal history never
 * holds them.
 *
 * @param contractId          the contract's id; the workflow id derives from it
 * @param signerCount         how many signers sign, in order 1..signerCount
 * @param signerDeadlines     per signer (index 0 = signer 1) an absolute deadline, or null for the default
 * @param defaultSigningPeriod how long a signer's session stays open when the signer has no deadline
 * @param reconcileInterval   how long to wait for an event before reading the session ourselves
 * @param businessRef         the business system's reference, shown to operators; null when none was given
 * @param reminders           when the signer whose turn it is gets reminded; null (plans from before reminders) for
 *                            none
 * @param signingMode         how the provider takes signers in turn; null (plans from before the mode) for
 *                            {@link SigningMode#CHAIN}
 */
public record ContractPlan(
        String contractId,
        int signerCount,
        List<Instant> signerDeadlines,
        Duration defaultSigningPeriod,
        Duration reconcileInterval,
        String businessRef,
        ReminderSchedule reminders,
        SigningMode signingMode) {

    /** A chain's plan. */
    public ContractPlan(
            String contractId,
            int signerCount,
            List<Instant> signerDeadlines,
            Duration defaultSigningPeriod,
            Duration reconcileInterval,
            String businessRef,
            ReminderSchedule reminders) {
        this(
                contractId,
                signerCount,
                signerDeadlines,
                defaultSigningPeriod,
                reconcileInterval,
                businessRef,
                reminders,
                null);
    }

    /** A plan without reminders. */
    public ContractPlan(
            String contractId,
            int signerCount,
            List<Instant> signerDeadlines,
            Duration defaultSigningPeriod,
            Duration reconcileInterval,
            String businessRef) {
        this(
                contractId,
                signerCount,
                signerDeadlines,
                defaultSigningPeriod,
                reconcileInterval,
                businessRef,
                (ReminderSchedule) null);
    }

    /** A plan without a business reference. */
    public ContractPlan(
            String contractId,
            int signerCount,
            List<Instant> signerDeadlines,
            Duration defaultSigningPeriod,
            Duration reconcileInterval) {
        this(contractId, signerCount, signerDeadlines, defaultSigningPeriod, reconcileInterval, null, (ReminderSchedule)
                null);
    }

    public ContractPlan {
        Objects.requireNonNull(contractId, "contractId");
        if (signerCount < 1) {
            throw new IllegalArgumentException("a contract needs at least one signer");
        }
        signerDeadlines = signerDeadlines == null
                ? null
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(signerDeadlines));
        if (signerDeadlines != null && signerDeadlines.size() != signerCount) {
            throw new IllegalArgumentException("signerDeadlines must have one entry per signer");
        }
        Objects.requireNonNull(defaultSigningPeriod, "defaultSigningPeriod");
        Objects.requireNonNull(reconcileInterval, "reconcileInterval");
    }

    /** The reminder schedule, none for plans made before reminders existed. */
    ReminderSchedule reminderSchedule() {
        return reminders == null ? ReminderSchedule.NONE : reminders;
    }

    /** Whether the provider orders the signers itself: one job for the contract instead of a session per signer. */
    boolean orderedJob() {
        return signingMode == SigningMode.ORDERED_JOB;
    }

    /** The deadline set for signer {@code index} (1-based), or null when the default period applies. */
    public Instant deadlineOf(int index) {
        return signerDeadlines == null ? null : signerDeadlines.get(index - 1);
    }
}
