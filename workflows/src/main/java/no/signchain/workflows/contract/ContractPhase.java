package no.signchain.workflows.contract;

/**
 * What the contract workflow is doing right now; finer than {@link ContractStatus} so operators can tell a
 * contract that waits for a person from one that waits for the provider.
 */
public enum ContractPhase {
    OPENING_SESSION,
    WAITING_FOR_SIGNER,
    COLLECTING_SIGNED_DOCUMENT,
    /** The signed version is being checked before the next signer's turn. */
    VERIFYING_SIGNED_VERSION,
    COMPLETED,
    REJECTED,
    EXPIRED,
    CANCELLED,
    FAILED
}
