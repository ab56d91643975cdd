package no.signchain.workflows.contract;

/** Where one signer's step stands. */
public enum SignerStatus {
    /** An earlier signer has not finished yet. */
    WAITING,
    /** The signing session is open: the signer can sign at the signature URL. */
    READY,
    SIGNED,
    REJECTED,
    /** The step's deadline passed, or the provider reports the session gone. */
    EXPIRED,
    /** The provider refused the session, or it ended in a state other than signed or rejected. */
    FAILED,
    /** The contract ended before this signer's turn; no session was ever opened for them. */
    SKIPPED
}
