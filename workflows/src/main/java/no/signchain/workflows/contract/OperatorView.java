package no.signchain.workflows.contract;

import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps what operators see in the Temporal Web UI in step with the contract: search attributes to find contracts
 * by, and the workflow's current details saying in words what it waits for. Never names a person.
 *
 * <p>Search attributes are upserted only when a value changed, since every upsert is a command in history.
 * Contracts started before this existed ({@link ContractWorkflowChanges#OPERATOR_SEARCH_ATTRIBUTES} at the default
 * version) show details only.
 */
final class OperatorView {

    private final boolean upsertSearchAttributes;
    private String shownStatus;
    private Long shownSignerIndex;
    private Long shownSignerCount;
    private Instant shownDeadline;
    private boolean deadlineShown;
    private boolean businessRefShown;
    private String details;
    private String lastControl;

    OperatorView() {
        this.upsertSearchAttributes =
                Workflow.getVersion(ContractWorkflowChanges.OPERATOR_SEARCH_ATTRIBUTES, Workflow.DEFAULT_VERSION, 1)
                        >= 1;
    }

    void show(ContractProgress progress, int signerCount, String businessRef, Instant phaseSince) {
        if (upsertSearchAttributes) {
            upsert(progress, signerCount, businessRef);
        }
        details = describe(progress, signerCount, phaseSince);
        showDetails();
    }

    /** What the last lifecycle control did and who asked ("signer 2 replaced by api"), shown until the next one. */
    void noteControl(String what) {
        lastControl = what;
        showDetails();
    }

    private void showDetails() {
        if (details != null) {
            // Current details are not a command: changing them never affects replay.
            Workflow.setCurrentDetails(lastControl == null ? details : details + "; last control: " + lastControl);
        }
    }

    private void upsert(ContractProgress progress, int signerCount, String businessRef) {
        List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
        String status = progress.phase().name();
        if (!status.equals(shownStatus)) {
            updates.add(ContractSearchAttributes.CONTRACT_STATUS.valueSet(status));
            shownStatus = status;
        }
        long index = progress.currentSigner();
        if (!Objects.equals(shownSignerIndex, index)) {
            updates.add(ContractSearchAttributes.SIGNER_INDEX.valueSet(index));
            shownSignerIndex = index;
        }
        if (!Objects.equals(shownSignerCount, (long) signerCount)) {
            updates.add(ContractSearchAttributes.SIGNER_COUNT.valueSet((long) signerCount));
            shownSignerCount = (long) signerCount;
        }
        Instant deadline = openDeadline(progress);
        if (!deadlineShown || !Objects.equals(shownDeadline, deadline)) {
            updates.add(
                    deadline == null
                            ? ContractSearchAttributes.STEP_DEADLINE.valueUnset()
                            : ContractSearchAttributes.STEP_DEADLINE.valueSet(
                                    OffsetDateTime.ofInstant(deadline, ZoneOffset.UTC)));
            shownDeadline = deadline;
            deadlineShown = true;
        }
        if (!businessRefShown && businessRef != null) {
            updates.add(ContractSearchAttributes.BUSINESS_REF.valueSet(businessRef));
            businessRefShown = true;
        }
        if (!updates.isEmpty()) {
            Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
        }
    }

    private static Instant openDeadline(ContractProgress progress) {
        if (progress.currentSigner() == 0 || progress.status().isFinal()) {
            return null;
        }
        return progress.signers().get(progress.currentSigner() - 1).dueAt();
    }

    static String describe(ContractProgress progress, int signerCount, Instant since) {
        int index = progress.currentSigner();
        String signer = "signer " + index + " of " + signerCount;
        SignerProgress step = index == 0 ? null : progress.signers().get(index - 1);
        return switch (progress.phase()) {
            case OPENING_SESSION -> "opening the signing session of " + signer + " since " + since;
            case WAITING_FOR_SIGNER ->
                "waiting for " + signer + " since " + since + ", session " + step.sessionRef() + ", deadline "
                        + step.dueAt();
            case COLLECTING_SIGNED_DOCUMENT ->
                "collecting the document " + signer + " signed in session " + step.sessionRef() + " since " + since;
            case COMPLETED ->
                "completed: all " + signerCount + " signers signed; final document version "
                        + progress.latestDocument().version();
            default -> progress.phase().name().toLowerCase() + ": " + progress.reason();
        };
    }
}
