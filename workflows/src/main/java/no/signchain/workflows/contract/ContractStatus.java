package no.signchain.workflows.contract;

/** Where a contract stands as a whole. Every value but {@link #ACTIVE} is final. */
public enum ContractStatus {
    ACTIVE,
    COMPLETED,
    REJECTED,
    EXPIRED,
    CANCELLED,
    FAILED;

    public boolean isFinal() {
        return this != ACTIVE;
    }
}
