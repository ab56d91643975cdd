package no.signchain.api.contract;

import java.time.OffsetDateTime;

/**
 * One signer in a {@link ContractSubmission}, in signing order.
 *
 * @param deadline optional: the signer must sign by then, or the contract expires
 */
public record SignerSubmission(String name, String nationalId, String email, String mobile, OffsetDateTime deadline) {
    @Override
    public String toString() {
        return "SignerSubmission[name=" + name + ", nationalId=***]";
    }
}
