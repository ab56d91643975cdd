package no.signchain.api.contract;

import io.temporal.client.UpdateOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateHandle;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import no.signchain.api.problem.ApiProblem;
import no.signchain.api.security.ApiClients;
import no.signchain.api.text.PlainText;
import no.signchain.store.contract.ContractRecord;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.ControlRequests;
import no.signchain.store.contract.ControlRequests.Claim;
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
 *
 * <p>Under an {@code Idempotency-Key} ({@link ControlRequests}) a control is sent under one update id however often
 * it is repeated, so a business system can repeat it after a 503 or a lost answer without acting twice.
 */
@Component
public class ContractControls {

    private static final Logger log = LoggerFactory.getLogger(ContractControls.class);

    private final WorkflowClient temporal;
    private final ContractRepository contracts;
    private final SignerReplacements replacements;
    private final ControlRequests requests;
    private final ContractSubmissionValidator validator;
    private final ContractProperties settings;
    private final TemporalCallDeadline deadline;
    /** Who acts, in the audit trail and in a cancelled contract's reason: the calling client, as its token says. */
    private final ApiClients clients;

    public ContractControls(
            ObjectProvider<WorkflowClient> temporal,
            ContractRepository contracts,
            SignerReplacements replacements,
            ControlRequests requests,
            ContractSubmissionValidator validator,
            ContractProperties settings,
            TemporalCallDeadline deadline,
            ApiClients clients) {
        this.temporal = temporal.getObject();
        this.clients = clients;
        this.contracts = contracts;
        this.replacements = replacements;
        this.requests = requests;
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

    public Outcome cancel(ContractRecord contract, String reason, String idempotencyKey) {
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
        return send(
                contract,
                Key.of(idempotencyKey, "cancel", 0, why),
                (workflow, options) -> WorkflowClient.startUpdate(workflow::cancel, request, options));
    }

    /**
     * The replacement's identity is stored first, under an id that is all the workflow is told: a national identity
     * number never enters Temporal. A refused replacement is deleted again. Under an idempotency key it is stored once,
     * with the key's claim, and every repeat names the same one.
     */
    public Outcome replaceSigner(
            ContractRecord contract, int index, SignerSubmission replacement, String idempotencyKey) {
        SignerRecord replaced = signer(contract, index);
        // By the keyed hash of the number: the database compares hashes, never numbers.
        NewSigner person = validator.checkReplacement(
                replacement,
                nationalId -> contracts.signerIndexesOf(contract.id(), nationalId).stream()
                        .anyMatch(other -> other != replaced.index()));
        Supplier<String> propose = () -> {
            requireActive(contract);
            return replacements.propose(contract.id(), index, person, clients.current());
        };
        Key key = Key.of(idempotencyKey, "replace-signer", index, null);
        if (key != null) {
            validator.checkIdempotencyKey(key.value());
            Claim claim = claim(contract, key, requests.fingerprint(key.control(), index, null, person), propose);
            var request = new ReplaceSigner(index, claim.replacementId(), clients.current());
            return keyed(
                    contract,
                    key,
                    claim,
                    (workflow, options) -> WorkflowClient.startUpdate(workflow::replaceSigner, request, options),
                    () -> replacements.withdraw(claim.replacementId()));
        }
        String replacementId = propose.get();
        var request = new ReplaceSigner(index, replacementId, clients.current());
        try {
            return send(
                    contract,
                    null,
                    (workflow, options) -> WorkflowClient.startUpdate(workflow::replaceSigner, request, options));
        } catch (ApiProblem problem) {
            // Unconfirmed, the workflow may still take it and then reads the stored identity.
            if (problem.status() != HttpStatus.SERVICE_UNAVAILABLE) {
                replacements.withdraw(replacementId);
            }
            throw problem;
        }
    }

    public Outcome changeDeadline(
            ContractRecord contract, int index, OffsetDateTime newDeadline, String idempotencyKey) {
        signer(contract, index);
        Instant deadline = validator.checkDeadline(newDeadline);
        var request = new ChangeDeadline(index, deadline, clients.current());
        return send(
                contract,
                Key.of(idempotencyKey, "change-deadline", index, deadline.toString()),
                (workflow, options) -> WorkflowClient.startUpdate(workflow::changeDeadline, request, options));
    }

    public Outcome remind(ContractRecord contract, int index, String idempotencyKey) {
        signer(contract, index);
        var request = new RemindSigner(index, clients.current());
        return send(
                contract,
                Key.of(idempotencyKey, "remind", index, null),
                (workflow, options) -> WorkflowClient.startUpdate(workflow::remind, request, options));
    }

    /** A control's idempotency key with what the control asks (its name, signer and detail). */
    private record Key(String value, String control, int signerIndex, String detail) {
        static Key of(String value, String control, int signerIndex, String detail) {
            return value == null ? null : new Key(value, control, signerIndex, detail);
        }
    }

    private Claim claim(ContractRecord contract, Key key, String fingerprint, Supplier<String> replacement) {
        try {
            return requests.claim(contract.id(), clients.current(), key.value(), fingerprint, replacement);
        } catch (ControlRequests.KeyReused reused) {
            throw new ApiProblem(
                    HttpStatus.CONFLICT,
                    "Idempotency-Key already used",
                    "this Idempotency-Key was used on this contract for another control, or the same control asking"
                            + " something else. Repeat exactly the first request to get its answer, or use a new key"
                            + " for a new control.",
                    List.of());
        }
    }

    /**
     * A control under an idempotency key: answered from its claim when an earlier attempt was seen taken or applied;
     * otherwise sent under the claim's update id, so Temporal applies it once however often it is sent. A refusal
     * frees the key ({@code undo} removes what the claim stored); a 503 keeps it, since that attempt may still arrive.
     */
    private Outcome keyed(ContractRecord contract, Key key, Claim claim, ControlStart start, Runnable undo) {
        if (claim.outcome() != null) {
            return claim.outcome() == ControlRequests.Outcome.APPLIED ? Outcome.APPLIED : Outcome.TAKEN;
        }
        try {
            Outcome outcome = sendUpdate(contract, claim.updateId(), start);
            requests.settle(
                    contract.id(),
                    clients.current(),
                    key.value(),
                    outcome == Outcome.APPLIED ? ControlRequests.Outcome.APPLIED : ControlRequests.Outcome.TAKEN);
            return outcome;
        } catch (ApiProblem problem) {
            if (problem.status() != HttpStatus.SERVICE_UNAVAILABLE) {
                undo.run();
                requests.release(contract.id(), clients.current(), key.value());
            }
            throw problem;
        }
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

    /** A control other than a replacement: under its key when it has one, else sent once as it is. */
    private Outcome send(ContractRecord contract, Key key, ControlStart start) {
        if (key == null) {
            return sendUpdate(contract, null, start);
        }
        validator.checkIdempotencyKey(key.value());
        Claim claim =
                claim(contract, key, requests.fingerprint(key.control(), key.signerIndex(), key.detail(), null), null);
        return keyed(contract, key, claim, start, () -> {});
    }

    /**
     * Sends one update to the contract's workflow; {@code start} starts it with the options given. Under {@code
     * updateId} when given (Temporal applies an update id once per run), else under a new one.
     */
    private Outcome sendUpdate(ContractRecord contract, String updateId, ControlStart start) {
        requireActive(contract);
        ContractWorkflow workflow =
                temporal.newWorkflowStub(ContractWorkflow.class, ContractWorkflow.workflowId(contract.id()));
        UpdateOptions.Builder<ContractProgress> options =
                UpdateOptions.<ContractProgress>newBuilder().setWaitForStage(WorkflowUpdateStage.ACCEPTED);
        if (updateId != null) {
            options.setUpdateId(updateId);
        }
        UpdateOptions<ContractProgress> untilTaken = options.build();
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
