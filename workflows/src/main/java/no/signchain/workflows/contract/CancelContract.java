package no.signchain.workflows.contract;

/**
 * Ends a contract before it is done: its open session is withdrawn and no later signer gets one.
 *
 * @param reason why, as the business system or operator puts it; shown with the contract
 * @param actor  who asks: {@code api} (a business system), or {@code operator:<name>} from Temporal
 */
public record CancelContract(String reason, String actor) {}
