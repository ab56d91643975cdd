package no.signchain.workflows.contract;

import io.temporal.common.SearchAttributeKey;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What operators filter contracts by in the Temporal Web UI, e.g. {@code ContractStatus="WAITING_FOR_SIGNER"}.
 * Nothing personal: no names, no national identity numbers. A Temporal server must have these registered; signchain's
 * worker registers them at start where the server allows it, and {@code deploy/local/temporal-dev.sh} does for the
 * dev server.
 */
public final class ContractSearchAttributes {

    /** The workflow's phase: {@link ContractPhase} names (OPENING_SESSION, WAITING_FOR_SIGNER, ..., COMPLETED). */
    public static final SearchAttributeKey<String> CONTRACT_STATUS = SearchAttributeKey.forKeyword("ContractStatus");
    /** The current signer's 1-based index; 0 once the contract ended. */
    public static final SearchAttributeKey<Long> SIGNER_INDEX = SearchAttributeKey.forLong("SignerIndex");

    public static final SearchAttributeKey<Long> SIGNER_COUNT = SearchAttributeKey.forLong("SignerCount");
    /** The open step's deadline; unset while no session is open. */
    public static final SearchAttributeKey<OffsetDateTime> STEP_DEADLINE =
            SearchAttributeKey.forOffsetDateTime("StepDeadline");
    /** The business system's own reference of the contract. */
    public static final SearchAttributeKey<String> BUSINESS_REF = SearchAttributeKey.forKeyword("BusinessRef");

    /**
     * The signing service the contract runs on ({@code signicat-v2}, {@code zignsec}, {@code signicat-v1}). Set when the contract's
     * workflow is started, never by the workflow: it does not change, and the workflow stays provider-neutral.
     */
    public static final SearchAttributeKey<String> SIGNING_PROVIDER = SearchAttributeKey.forKeyword("SigningProvider");

    public static final List<SearchAttributeKey<?>> ALL =
            List.of(CONTRACT_STATUS, SIGNER_INDEX, SIGNER_COUNT, STEP_DEADLINE, BUSINESS_REF, SIGNING_PROVIDER);

    private ContractSearchAttributes() {}
}
