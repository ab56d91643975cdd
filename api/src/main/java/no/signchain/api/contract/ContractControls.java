package no.signchain.api.contract;

import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import no.signchain.api.problem.ApiProblem;
import no.signchain.api.security.ApiClients;
import no.signchain.api.text.PlainText;
import no.signchain.store.contract.ContractRecord;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NewSigner;
import no.signchain.store.contract.SignerRecord;
import no.signchain.store.contract.SignerReplacements;
import no.signchain.workflows.contract.CancelContract;
import no.signchain.workflows.contract.ChangeDeadline;
import no.signchain.workflows.contract.ContractProgress;
import no.signchain.workflows.contract.ContractStatus;
import no.signchain.workflows.contract.ContractWorkflow;
import no.signchain.workflows.contract.RemindSigner;
import no.signchain.workflows.contract.ReplaceSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A business system's controls on a running contract, sent to its workflow as Temporal updates: the workflow
 * decides (it alone knows whether the signer has just signed), and answers once the control took effect. A control
 * the workflow refuses changes nothing and comes back as 409 (the contract's state) or 400 (the request).
 *
 * <p>A control waits for the workflow at most {@code signchain.contracts.control-timeout}. Once the workflow has
 * taken it, it is in the contract's history and will be applied or refused whatever happens to this request: taken
 * but not yet applied by then, it is {@link Outcome#TAKEN}. Not taken by then (Temporal or the workers not
 * answering), it is neither applied nor known to be dropped: Temporal may still hand it to the workflow when its
 * workers are back, so the answer says so, and a replacement's stored identity stays for it.
 */
@Component
public class ContractControls {

    private static final Logger log = LoggerFactory.getLogger(ContractControls.class);

    private final WorkflowClient temporal;
    private final ContractRepository contracts;
    private final SignerReplacements replacements;
    private final ContractSubmissionValidator validator;
    private final ContractProperties settings;
    private final TemporalCallDeadline deadline;
    /** Who acts, in the audit trail and in a cancelled contract's reason: the calling client, as its token says. */
    private final ApiClients clients;

    public ContractControls(
            ObjectProvider<WorkflowClient> temporal,
            ContractRepository contracts,
            SignerReplacements replacements,
            ContractSubmissionValidator validator,
            ContractProperties settings,
            TemporalCallDeadline deadline,
            ApiClients clients) {
        this.temporal = temporal.getObject();
        this.clients = clients;
        this.contracts = contracts;
        this.replacements = replacements;
        this.validator = validator;
        this.settings = settings;
        this.deadline = deadline;
    }

    /** What became of a control the workflow did not refuse. */
    public enum Outcome {
        /** Applied: the contract shows it. */
        APPLIED,
        /** Taken by the workflow, which had not applied it within the control timeout; its events will show it. */
        TAKEN
    }

    public Outcome cancel(ContractRecord contract, String reason) {
        String why = reason == null ? null : reason.strip();
        if (why == null || why.isEmpty()) {
            throw ApiProblem.invalid("reason", "is required: say why the contract is cancelled");
        }
        if (why.length() > 500) {
            throw ApiProblem.invalid("reason", "must be at most 500 characters");
        }
        PlainText.problemWith(why).ifPresent(rule -> {
            throw ApiProblem.invalid("reason", rule);
        });
        if (why.matches(".*\\d{11}.*")) {
            // It would reach Temporal's history, the audit trail and callbacks.
            throw ApiProblem.invalid("reason", "must not contain a national identity number (11 digits in a row)");
        }
        var request = new CancelContract(why, clients.current());
        return send(contract, (workflow, options) -> WorkflowClient.startUpdate(workflow::cancel, request, options));
    }

    /**
     * The replacement's identity is stored first, under an id that is all the workflow is told: a national identity
     * number never enters Temporal. A refused replacement is deleted again.
     */
    public Outcome replaceSigner(ContractRecord contract, int index, SignerSubmission replacement) {
        SignerRecord replaced = signer(contract, index);
        // By the keyed hash of the number: the database compares hashes, never numbers.
        NewSigner person = validator.checkReplacement(
                replacement,
                nationalId -> contracts.signerIndexesOf(contract.id(), nationalId).stream()
                        .anyMatch(other -> other != replaced.index()));
        requireActive(contract);
        String replacementId = replacements.propose(contract.id(), index, person, clients.current());
        var request = new ReplaceSigner(index, replacementId, clients.current());
        try {
            return send(
                    contract,
                    (workflow, options) -> WorkflowClient.startUpdate(workflow::replaceSigner, request, options));
        } catch (ApiProblem problem) {
            // Unconfirmed, the workflow may still take it and then reads the stored identity.
            if (problem.status() != HttpStatus.SERVICE_UNAVAILABLE) {
                replacements.withdraw(replacementId);
            }
            throw problem;
        }
    }

    public Outcome changeDeadline(ContractRecord contract, int index, OffsetDateTime newDeadline) {
        signer(contract, index);
        var request = new ChangeDeadline(index, validator.checkDeadline(newDeadline), clients.current());
        return send(
                contract,
                (workflow, options) -> WorkflowClient.startUpdate(workflow::changeDeadline, request, options));
    }

    public Outcome remind(ContractRecord contract, int index) {
        signer(contract, index);
        var request = new RemindSigner(index, clients.current());
        return send(contract, (workflow, options) -> WorkflowClient.startUpdate(workflow::remind, request, options));
    }

    private static SignerRecord signer(ContractRecord contract, int index) {
        if (index < 1 || index > contract.signers().size()) {
            throw ApiProblem.notFound("contract has no signer " + index + " (signers are numbered 1 to "
                    + contract.signers().size() + ")");
        }
        return contract.signers().get(index - 1);
    }

    private static void requireActive(ContractRecord contract) {
        if (contract.status() != ContractStatus.ACTIVE) {
            throw ApiProblem.conflict("the contract has ended: " + contract.status());
        }
    }

    /** Sends one update to the contract's workflow; {@code start} starts it with the options given. */
    private Outcome send(ContractRecord contract, ControlStart start) {
        requireActive(contract);
        ContractWorkflow workflow =
                temporal.newWorkflowStub(ContractWorkflow.class, ContractWorkflow.workflowId(contract.id()));
        UpdateOptions<ContractProgress> untilTaken = UpdateOptions.<ContractProgress>newBuilder()
                .setWaitForStage(WorkflowUpdateStage.ACCEPTED)
                .build();
        long timeUp = System.nanoTime() + settings.controlTimeout().toNanos();
        WorkflowUpdateHandle<ContractProgress> taken;
        try {
            taken = deadline.within(settings.controlTimeout(), () -> start.apply(workflow, untilTaken));
        } catch (WorkflowUpdateException refused) {
            throw refusal(refused);
        } catch (WorkflowNotFoundException ended) {
            throw ApiProblem.conflict("the contract's workflow has ended");
        } catch (WorkflowServiceException unanswered) {
            log.warn(
                    "Control on contract {} not taken within {}: {}{}",
                    contract.id(),
                    settings.controlTimeout(),
                    unanswered,
                    unanswered.getCause() == null ? "" : ", " + unanswered.getCause());
            throw ApiProblem.unavailable("the contract's workflow did not take the control within "
                    + settings.controlTimeout().toSeconds() + " s (Temporal or signchain's workers are not answering)."
                    + " It may still take effect when they are back: read the contract's events before repeating it");
        }
        try {
            // Taken: in the contract's history, and applied or refused whatever becomes of this request.
            taken.getResult(Math.max(1, timeUp - System.nanoTime()), TimeUnit.NANOSECONDS);
            return Outcome.APPLIED;
        } catch (WorkflowUpdateException refused) {
            throw refusal(refused);
        } catch (RuntimeException notYet) {
            // Its time ran out, or the outcome could not be read: either way it was taken, and its events will tell.
            log.info(
                    "Control on contract {} taken, outcome not known within {}: {}",
                    contract.id(),
                    settings.controlTimeout(),
                    notYet.toString());
            return Outcome.TAKEN;
        }
    }

    /** Starts a control's update on the workflow's stub ({@code WorkflowClient.startUpdate} with its method). */
    @FunctionalInterface
    private interface ControlStart {
        WorkflowUpdateHandle<ContractProgress> apply(
                ContractWorkflow workflow, UpdateOptions<ContractProgress> options);
    }

    /** The workflow's own words: its validators and handlers name signers by position, never by identity number. */
    private static ApiProblem refusal(WorkflowUpdateException refused) {
        Throwable cause = refused.getCause();
        if (cause instanceof ApplicationFailure failure) {
            String detail = failure.getOriginalMessage();
            if (ContractWorkflow.CONTROL_INVALID.equals(failure.getType())) {
                return ApiProblem.invalid("request", detail);
            }
            return ApiProblem.conflict(
                    ContractWorkflow.CONTROL_CONFLICT.equals(failure.getType())
                            ? detail
                            : "the control failed: " + detail);
        }
        return ApiProblem.conflict("the control failed");
    }
}
