package no.signchain.workflows.contract;

/**
 * How the contract's provider takes signers in turn. Chosen when the contract is accepted (from its provider) and
 * carried in the {@link ContractPlan}, so the workflow knows it deterministically without naming the provider.
 */
public enum SigningMode {
    /** signchain orders the signers: one session per signer, each on the previous signer's result. */
    CHAIN,
    /** The provider orders the signers itself: one job for the whole contract (Posten signering's portal jobs). */
    ORDERED_JOB
}
