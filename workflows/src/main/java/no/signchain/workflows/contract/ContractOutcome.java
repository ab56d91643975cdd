package no.signchain.workflows.contract;

/**
 * How a contract ended.
 *
 * @param finalDocument the document carrying every signature when completed; otherwise the newest version
 * @param reason        why it did not complete, in words; null when completed
 */
public record ContractOutcome(ContractStatus status, DocumentVersionRef finalDocument, String reason) {}
