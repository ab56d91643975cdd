package no.signchain.workflows.job;

/** One signer's state in a provider's job. */
public enum JobSignerState {
    /** Their turn has come, or has not come yet. */
    WAITING,
    SIGNED,
    REJECTED,
    EXPIRED,
    CANCELLED,
    /** The job ended before their turn. */
    NOT_APPLICABLE,
    /** The provider cannot reach the signer (reserved against digital mail, no contact details). */
    UNREACHABLE
}
