package no.signchain.api.contract;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import no.signchain.api.provider.SigningProviderChoice;
import no.signchain.store.contract.ContractRecord;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.SignerRecord;
import no.signchain.workflows.contract.ContractPlan;
import no.signchain.workflows.contract.ContractSearchAttributes;
import no.signchain.workflows.contract.ContractWorkflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts a stored contract's workflow. A contract is stored first and started second; if Temporal cannot be reached
 * in between, the sweep starts it later, and the derived workflow id makes a second start a no-op.
 */
@Component
public class ContractWorkflowStarter {

    private static final Logger log = LoggerFactory.getLogger(ContractWorkflowStarter.class);
    /** A contract younger than this is being started by its own request. */
    private static final Duration SWEEP_GRACE = Duration.ofSeconds(10);

    private final WorkflowClient temporal;
    private final ContractRepository contracts;
    private final ContractProperties settings;
    private final Clock clock;
    private final String taskQueue;
    private final TemporalCallDeadline deadline;

    public ContractWorkflowStarter(
            ObjectProvider<WorkflowClient> temporal,
            ContractRepository contracts,
            ContractProperties settings,
            TemporalCallDeadline deadline,
            Clock clock,
            @Value("${signchain.temporal.task-queue}") String taskQueue) {
        this.taskQueue = taskQueue;
        // Temporal's starter builds its client only with an address: say so, rather than "no such bean".
        this.temporal = temporal.getIfAvailable(() -> {
            throw new IllegalStateException("No Temporal server configured: set TEMPORAL_ADDRESS (host:port of the "
                    + "Temporal frontend); the all-in-one app starts an embedded one instead");
        });
        this.contracts = contracts;
        this.settings = settings;
        this.deadline = deadline;
        this.clock = clock;
    }

    /** Starts the contract's workflow unless it runs or ran already. */
    public void start(ContractRecord contract) {
        ContractPlan plan = planFor(contract);
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(ContractWorkflow.workflowId(contract.id()))
                .setTaskQueue(taskQueue)
                // A contract runs once: never again after it ended, whatever the outcome.
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                // What operators read in the Web UI's list; never a person's name or identity number.
                .setStaticSummary("Contract with " + contract.signerCount() + " signer"
                        + (contract.signerCount() == 1 ? "" : "s")
                        + (contract.externalRef() == null ? "" : ", business reference " + contract.externalRef()))
                .setStaticDetails(
                        "signchain contract " + contract.id() + "; progress: GET /api/v1/contracts/" + contract.id())
                // Set here rather than by the workflow: the provider never changes, and the workflow stays the same
                // for every provider (no new command in its history).
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(ContractSearchAttributes.SIGNING_PROVIDER, contract.provider())
                        .build())
                .build();
        ContractWorkflow workflow = temporal.newWorkflowStub(ContractWorkflow.class, options);
        // A submission should not wait out the client's minute of retries for a start the sweep makes anyway.
        try {
            deadline.within(settings.startAttemptTimeout(), () -> WorkflowClient.start(workflow::run, plan, null));
        } catch (WorkflowExecutionAlreadyStarted alreadyStarted) {
            log.debug("Contract {} was started before", contract.id());
        }
        contracts.markWorkflowStarted(contract.id());
    }

    /**
     * Tries once; a failure leaves the contract for the sweep.
     *
     * @return false when Temporal could not be reached in time, true when the contract was started or refused
     */
    public boolean tryStart(ContractRecord contract) {
        try {
            start(contract);
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "Could not start contract {} now, the sweep will retry: {}{}",
                    contract.id(),
                    e,
                    e.getCause() == null ? "" : ", " + e.getCause());
            return !temporalUnreachable(e);
        }
    }

    /** Starts the contracts stored a while ago whose start was never confirmed. */
    @Scheduled(fixedDelayString = "${signchain.contracts.start-sweep-interval:PT5S}")
    public void startStragglers() {
        List<String> waiting = contracts.notStarted(clock.instant().minus(SWEEP_GRACE), 50);
        for (int i = 0; i < waiting.size(); i++) {
            Optional<ContractRecord> contract = contracts.find(waiting.get(i));
            // The rest would wait out the same timeout each; the next round tries again.
            if (contract.isPresent() && !tryStart(contract.get())) {
                log.info("Temporal did not answer; {} contracts wait for the next start sweep", waiting.size() - i);
                return;
            }
        }
    }

    private static boolean temporalUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StatusRuntimeException rpc) {
                Status.Code code = rpc.getStatus().getCode();
                return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
            }
        }
        return false;
    }

    ContractPlan planFor(ContractRecord contract) {
        List<Instant> deadlines =
                contract.signers().stream().map(SignerRecord::deadline).toList();
        boolean anyDeadline = deadlines.stream().anyMatch(Objects::nonNull);
        return new ContractPlan(
                contract.id(),
                contract.signerCount(),
                anyDeadline ? deadlines : null,
                settings.defaultSigningPeriod(),
                settings.reconcileInterval(),
                contract.externalRef(),
                contract.reminders(),
                SigningProviderChoice.signingModeOf(contract.provider()));
    }
}
