package no.signchain.workflows.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a contract stands when its workflow continues as a new run, so that a signer who takes weeks does not grow
 * one history without bound: the step being waited for and what the previous run knew. Like the plan, nothing
 * personal.
 *
 * @param signerIndex    the signer whose open session the new run goes on waiting for (1-based)
 * @param signers        every signer's progress so far, the waited-for one {@code READY} with its session
 * @param latestDocument the newest document version (the one the waited-for signer is signing)
 * @param phaseSince     since when the contract has waited for this signer
 * @param step           the waited-for step's session attempt, when it opened and reminders sent (null from runs
 *                       before lifecycle controls)
 * @param deadlines      deadlines moved for later signers (null or empty when none was)
 * @param progressRecorded how many progress snapshots the runs so far recorded, so that the new run's numbers go on
 *                       from them ({@link ContractProgress#sequence()}); 0 from runs before snapshots were numbered
 */
public record ContractContinuation(
        int signerIndex,
        List<SignerProgress> signers,
        DocumentVersionRef latestDocument,
        Instant phaseSince,
        StepState step,
        Map<Integer, Instant> deadlines,
        long progressRecorded) {

    /** The waited-for step beyond its session: which attempt, since when, how often reminded. */
    public record StepState(int attempt, Instant openedAt, int remindersSent) {}

    public ContractContinuation(
            int signerIndex,
            List<SignerProgress> signers,
            DocumentVersionRef latestDocument,
            Instant phaseSince,
            long progressRecorded) {
        this(signerIndex, signers, latestDocument, phaseSince, null, null, progressRecorded);
    }

    public ContractContinuation {
        signers = List.copyOf(signers);
        deadlines = deadlines == null ? Map.of() : Map.copyOf(deadlines);
        Objects.requireNonNull(latestDocument, "latestDocument");
        if (signerIndex < 1 || signerIndex > signers.size()) {
            throw new IllegalArgumentException("signerIndex " + signerIndex + " outside 1.." + signers.size());
        }
        Objects.requireNonNull(signers.get(signerIndex - 1).sessionRef(), "the waited-for signer's session");
    }

    SignerProgress waitedFor() {
        return signers.get(signerIndex - 1);
    }
}
