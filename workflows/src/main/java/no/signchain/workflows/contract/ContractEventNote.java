package no.signchain.workflows.contract;

/**
 * An entry for a contract's audit trail that only the workflow knows of (a lifecycle control it applied). Describes
 * people by their position in the contract, never by name or identity number.
 *
 * @param kind  e.g. {@code contract.cancel_requested}, {@code signer.deadline_changed}
 * @param actor {@code api}, {@code operator:<name>}, {@code schedule}
 */
public record ContractEventNote(String contractId, String kind, String actor, Integer signerIndex, String detail) {}
