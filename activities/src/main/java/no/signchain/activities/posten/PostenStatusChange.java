package no.signchain.activities.posten;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import no.signchain.store.contract.NationalId;

/**
 * One change from Posten's status queue: the job as it stands, every signer's status, and where to confirm it.
 * Confirm it ({@link PostenPortalJobs#confirm}) only once it is recorded: an unconfirmed change comes back, so the
 * recording must be idempotent (the change's {@code confirmationUrl} identifies it).
 *
 * @param jobId           Posten's job id
 * @param contractId      the job's reference: the contract to route the change to
 * @param status          the job's status
 * @param signers         every signer's status, in the order Posten lists them
 * @param padesUrl        the signed PDF, once the job is completed; null before
 * @param confirmationUrl the change's confirmation
 * @param cancellationUrl where a cancel goes, while the job runs; null after
 */
public record PostenStatusChange(
        long jobId,
        String contractId,
        JobStatus status,
        List<SignerStatus> signers,
        URI padesUrl,
        URI confirmationUrl,
        URI cancellationUrl) {

    public PostenStatusChange {
        signers = List.copyOf(signers);
    }

    /** A portal job's status. */
    public enum JobStatus {
        IN_PROGRESS,
        COMPLETED,
        /** Rejected, expired, cancelled or a signer unreachable: the job has ended without all signatures. */
        FAILED
    }

    /** A signer's status in a portal job. */
    public enum SignerState {
        WAITING,
        SIGNED,
        REJECTED,
        CANCELLED,
        EXPIRED,
        /** The job ended before this signer's turn. */
        NOT_APPLICABLE,
        /** Posten cannot reach the signer (reserved against digital mail, no contact details, blocked). */
        UNREACHABLE
    }

    /** A signer's state. {@code toString} leaves the national identity number out. */
    public record SignerStatus(NationalId nationalId, SignerState state, Instant since, URI xadesUrl) {
        @Override
        public String toString() {
            return "SignerStatus[" + state + " since " + since + "]";
        }
    }

    @Override
    public String toString() {
        return "PostenStatusChange[jobId=" + jobId + ", contractId=" + contractId + ", status=" + status + ", signers="
                + signers + "]";
    }
}
