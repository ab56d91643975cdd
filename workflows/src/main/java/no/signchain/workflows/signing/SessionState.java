package no.signchain.workflows.signing;

/** A signing session's state in provider-neutral terms; each provider adapter maps its own states onto these. */
public enum SessionState {
    /** Open: the signer has not decided yet. */
    PENDING,
    SIGNED,
    REJECTED,
    /** Past its deadline, or no longer known to the provider. */
    EXPIRED,
    /** Final, but neither signed, rejected nor expired. */
    FAILED;

    public boolean isFinal() {
        return this != PENDING;
    }
}
