package no.signchain.api.contract;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.time.OffsetDateTime;
import java.util.function.Function;
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
import no.signchain.workflows.contract.ContractStatus;
import no.signchain.workflows.contract.ContractWorkflow;
import no.signchain.workflows.contract.RemindSigner;
import no.signchain.workflows.contract.ReplaceSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A business system's controls on a running contract, sent to its workflow as Temporal updates: the workflow
 * decides (it alone knows whether the signer has just signed), and answers once the control took effect. A control
 * the workflow refuses changes nothing and comes back as 409 (the contract's state) or 400 (the request).
 */
@Component
public class ContractControls {

    private static final Logger log = LoggerFactory.getLogger(ContractControls.class);

    private final WorkflowClient temporal;
    private final ContractRepository contracts;
    private final SignerReplacements replacements;
    private final ContractSubmissionValidator validator;
    /** Who acts, in the audit trail and in a cancelled contract's reason: the calling client, as its token says. */
    private final ApiClients clients;

    public ContractControls(
            ObjectProvider<WorkflowClient> temporal,
            ContractRepository contracts,
            SignerReplacements replacements,
            ContractSubmissionValidator validator,
            ApiClients clients) {
        this.temporal = temporal.getObject();
        this.clients = clients;
        this.contracts = contracts;
        this.replacements = replacements;
        this.validator = validator;
    }

    public void cancel(ContractRecord contract, String reason) {
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
        send(contract, workflow -> workflow.cancel(new CancelContract(why, clients.current())));
    }

    /**
     * The replacement's identity is stored first, under an id that is all the workflow is told: a national identity
     * number never enters Temporal. A refused replacement is deleted again.
     */
    public void replaceSigner(ContractRecord contract, int index, SignerSubmission replacement) {
        SignerRecord replaced = signer(contract, index);
        // By the keyed hash of the number: the database compares hashes, never numbers.
        NewSigner person = validator.checkReplacement(
                replacement,
                nationalId -> contracts.signerIndexesOf(contract.id(), nationalId).stream()
                        .anyMatch(other -> other != replaced.index()));
        requireActive(contract);
        String replacementId = replacements.propose(contract.id(), index, person, clients.current());
        try {
            send(
                    contract,
                    workflow -> workflow.replaceSigner(new ReplaceSigner(index, replacementId, clients.current())));
        } catch (RuntimeException refused) {
            replacements.withdraw(replacementId);
            throw refused;
        }
    }

    public void changeDeadline(ContractRecord contract, int index, OffsetDateTime deadline) {
        signer(contract, index);
        var at = validator.checkDeadline(deadline);
        send(contract, workflow -> workflow.changeDeadline(new ChangeDeadline(index, at, clients.current())));
    }

    public void remind(ContractRecord contract, int index) {
        signer(contract, index);
        send(contract, workflow -> workflow.remind(new RemindSigner(index, clients.current())));
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

    private void send(ContractRecord contract, Function<ContractWorkflow, ?> update) {
        requireActive(contract);
        ContractWorkflow workflow =
                temporal.newWorkflowStub(ContractWorkflow.class, ContractWorkflow.workflowId(contract.id()));
        try {
            update.apply(workflow);
        } catch (WorkflowUpdateException refused) {
            throw refusal(refused);
        } catch (WorkflowNotFoundException ended) {
            throw ApiProblem.conflict("the contract's workflow has ended");
        } catch (WorkflowServiceException unreachable) {
            log.warn("Control on contract {} not delivered: {}", contract.id(), unreachable.toString());
            throw ApiProblem.unavailable("the workflow engine did not take the control; nothing changed, try again");
        }
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
