package no.signchain.workflows.job;

import java.time.Instant;
import java.util.List;

/**
 * One status change of a contract's job, as the sender's poller recorded it: signers by position only, never by
 * national identity number (the poller maps numbers to positions in an activity, outside history).
 *
 * @param changeId the change's id in signchain's record of the queue; a change delivered twice is applied once
 * @param jobRef   the job it belongs to
 * @param state    the job's state
 * @param signers  every signer's state, by position
 */
public record JobStatusChange(String changeId, String jobRef, JobState state, List<Position> signers) {

    public JobStatusChange {
        signers = signers == null ? List.of() : List.copyOf(signers);
    }

    /** Signer {@code position} (1-based, the signing order) is in {@code state} since {@code at}. */
    public record Position(int position, JobSignerState state, Instant at) {}
}
