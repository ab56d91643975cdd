package no.signchain.worker;

import io.opentelemetry.api.OpenTelemetry;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.spring.boot.WorkerOptionsCustomizer;
import io.temporal.spring.boot.WorkflowImplementationOptionsCustomizer;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.List;
import no.signchain.activities.contract.ContractRecordActivitiesImpl;
import no.signchain.activities.posten.PostenJobActivities;
import no.signchain.activities.posten.PostenPortalJobs;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.provider.SigningProviders;
import no.signchain.activities.signing.LateSessionSweeps;
import no.signchain.activities.signing.SigningActivitiesImpl;
import no.signchain.store.StoreConfiguration;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.SignerReplacements;
import no.signchain.store.document.DocumentVersions;
import no.signchain.store.job.ProviderJobs;
import no.signchain.store.session.SigningSessionLedger;
import no.signchain.worker.observability.ContractLogContext;
import no.signchain.worker.observability.WorkflowTracing;
import no.signchain.worker.posten.PostenConfiguration;
import no.signchain.worker.reminder.ReminderConfiguration;
import no.signchain.worker.retention.RetentionConfiguration;
import no.signchain.worker.signicat.SignicatConfiguration;
import no.signchain.worker.signicatv1.SignicatV1Configuration;
import no.signchain.worker.signing.TemporalLateSessionSweeps;
import no.signchain.worker.verification.VerificationConfiguration;
import no.signchain.worker.zignsec.ZignsecConfiguration;
import no.signchain.workflows.contract.ContractActivityPolicies;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Everything a signchain worker runs: the store, the activities, and the workflow options. Shared by the worker
 * jar and the all-in-one app. Workflow classes are registered by the Temporal starter from
 * {@code signchain-worker.yml}, not created as beans, so nothing can be injected into workflow code.
 */
@Configuration(proxyBeanMethods = false)
@Import({
    StoreConfiguration.class,
    SignicatConfiguration.class,
    ZignsecConfiguration.class,
    SignicatV1Configuration.class,
    PostenConfiguration.class,
    VerificationConfiguration.class,
    ReminderConfiguration.class,
    RetentionConfiguration.class
})
public class WorkerConfiguration {

    /** Every provider configured here (each configuration adds its own when switched on). */
    @Bean
    SigningProviders signingProviders(List<SigningProvider> providers) {
        if (providers.isEmpty()) {
            throw new IllegalStateException("No signing provider is enabled: set SIGNICAT_ENABLED=true, "
                    + "ZIGNSEC_ENABLED=true or SIGNICAT_V1_ENABLED=true, with that provider's settings");
        }
        return new SigningProviders(providers);
    }

    @Bean
    SigningActivitiesImpl signingActivities(
            SigningProviders providers,
            ContractRepository contracts,
            DocumentVersions documents,
            SigningSessionLedger ledger,
            PlatformTransactionManager transactions,
            ContractEvents audit,
            LateSessionSweeps sweeps) {
        return new SigningActivitiesImpl(providers, contracts, documents, ledger, transactions, audit, sweeps);
    }

    /**
     * How long a sweep waits after a retried openSession: well past the Sign API client's 30 s read timeout, after
     * which a request can still be acted on at the provider.
     */
    @Bean
    LateSessionSweeps lateSessionSweeps(
            WorkflowClient temporal,
            @Value("${signchain.temporal.task-queue}") String taskQueue,
            @Value("${signchain.signing.late-session-sweep-after:PT2M}") Duration after) {
        return new TemporalLateSessionSweeps(temporal, taskQueue, after);
    }

    /**
     * The ordered-job activities, registered on every worker: a contract at Posten on a worker without Posten
     * configured fails its activity retryably, saying so, as a session provider's does.
     */
    @Bean
    PostenJobActivities orderedJobActivities(
            ObjectProvider<PostenPortalJobs> posten,
            ProviderJobs jobs,
            ContractRepository contracts,
            DocumentVersions documents) {
        return new PostenJobActivities(posten.getIfAvailable(), jobs, contracts, documents);
    }

    @Bean
    ContractRecordActivitiesImpl contractRecordActivities(
            ContractRepository contracts, SignerReplacements replacements, ContractEvents events) {
        return new ContractRecordActivitiesImpl(contracts, replacements, events);
    }

    @Bean
    SearchAttributeRegistration searchAttributeRegistration(
            ObjectProvider<WorkflowServiceStubs> temporal,
            @Value("${spring.temporal.namespace:default}") String namespace,
            @Value("${signchain.temporal.search-attributes-patience:PT2M}") Duration patience) {
        // Temporal's starter builds its client only with an address; without one this is the first bean to miss it.
        WorkflowServiceStubs stubs = temporal.getIfAvailable(() -> {
            throw new IllegalStateException("No Temporal server configured: set TEMPORAL_ADDRESS (host:port of the "
                    + "Temporal frontend); the all-in-one app starts an embedded one instead");
        });
        return new SearchAttributeRegistration(stubs, namespace, patience);
    }

    /** Health contributor {@code temporalWorkers}, a member of the readiness group in signchain-worker.yml. */
    @Bean
    TemporalWorkersHealthIndicator temporalWorkersHealthIndicator(
            WorkerFactory workers,
            WorkflowServiceStubs temporal,
            @Value("${signchain.temporal.task-queue}") String taskQueue) {
        return new TemporalWorkersHealthIndicator(workers, temporal, taskQueue);
    }

    /** Workflow and activity spans, a handoff in one trace (see {@link WorkflowTracing}). */
    @Bean
    WorkflowTracing workflowTracing(ObjectProvider<OpenTelemetry> openTelemetry) {
        return new WorkflowTracing(openTelemetry.getIfAvailable(OpenTelemetry::noop));
    }

    /**
     * A workflows worker ({@code signchain.worker.role=workflows}) runs contracts' workflow tasks and their local
     * activities (progress records), and leaves every other activity (documents, verification, provider calls) to the
     * workers beside it; its heap then needs room for cached workflows only. (An activities worker's difference is in
     * signchain-worker.yml: it registers no workflow type.)
     */
    @Bean
    WorkerOptionsCustomizer workerOptions(
            @Value("${signchain.worker.role}") String role,
            @Value("${signchain.worker.deadlock-detection-timeout}") Duration deadlockDetection) {
        WorkerRole worker = WorkerRole.of(role);
        return (builder, workerName, taskQueue) -> tuned(builder, worker, deadlockDetection);
    }

    /**
     * The SDK fails a workflow task whose code holds the workflow thread longer than the deadlock detection timeout
     * (TMPRL1101); Temporal retries it. Its 1 s default caught a cold workflows worker's first tasks on two cores
     * (classes loading, the JIT cold), not a deadlock: six failed tasks at start-up in the 10,000-contract run.
     */
    static WorkerOptions.Builder tuned(WorkerOptions.Builder builder, WorkerRole role, Duration deadlockDetection) {
        return builder.setLocalActivityWorkerOnly(!role.runsActivities())
                .setDefaultDeadlockDetectionTimeout(deadlockDetection.toMillis());
    }

    /** Every activity's log lines name their contract (MDC {@code contractId}). */
    @Bean
    ContractLogContext contractLogContext() {
        return new ContractLogContext();
    }

    /**
     * Activity timeouts and retries come from one place, {@link ContractActivityPolicies}; only the retry pace is a
     * setting (signchain-worker.yml).
     */
    @Bean
    WorkflowImplementationOptionsCustomizer contractActivityPolicies(
            @Value("${signchain.activities.first-retry}") Duration firstRetry,
            @Value("${signchain.activities.longest-retry-wait}") Duration longestRetryWait) {
        WorkflowImplementationOptions policies =
                ContractActivityPolicies.workflowImplementationOptions(firstRetry, longestRetryWait);
        return (builder, worker, workflowClass, workflowMethod) -> {
            return builder.setDefaultActivityOptions(policies.getDefaultActivityOptions())
                    .setActivityOptions(policies.getActivityOptions())
                    .setLocalActivityOptions(policies.getLocalActivityOptions());
        };
    }
}
