package no.signchain.workflows.job;

/** Where a provider's job stands. */
public enum JobState {
    IN_PROGRESS,
    /** Every signer signed; the signed document can be collected. */
    COMPLETED,
    /** The job ended without every signature: a rejection, an expiry, a cancellation, an unreachable signer. */
    FAILED
}
