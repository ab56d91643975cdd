package no.signchain.worker;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.spring.boot.WorkflowImplementationOptionsCustomizer;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Clock;
import javax.sql.DataSource;
import no.signchain.activities.contract.ContractRecordActivitiesImpl;
import no.signchain.activities.contract.ContractRepository;
import no.signchain.activities.document.DocumentVersions;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.signing.SigningActivitiesImpl;
import no.signchain.activities.signing.SigningSessionLedger;
import no.signchain.workflows.contract.ContractActivityPolicies;
import no.signchain.worker.signicat.SignicatConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Everything a signchain worker runs: the stores, the activities, and the workflow options. Shared by the worker
 * jar and the all-in-one api jar. Workflow classes are registered by the Temporal starter from
 * {@code signchain-worker.yml}, not created as beans, so nothing can be injected into workflow code.
 */
@Configuration(proxyBeanMethods = false)
@Import(SignicatConfiguration.class)
public class WorkerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ContractRepository contractRepository(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        return new ContractRepository(dataSource, transactions, clock);
    }

    @Bean
    DocumentVersions documentVersions(DataSource dataSource, Clock clock) {
        return new DocumentVersions(dataSource, clock);
    }

    @Bean
    SigningSessionLedger signingSessionLedger(DataSource dataSource, Clock clock) {
        return new SigningSessionLedger(dataSource, clock);
    }

    @Bean
    SigningActivitiesImpl signingActivities(SigningProvider provider, ContractRepository contracts,
                                            DocumentVersions documents, SigningSessionLedger ledger,
                                            PlatformTransactionManager transactions) {
        return new SigningActivitiesImpl(provider, contracts, documents, ledger, transactions);
    }

    @Bean
    ContractRecordActivitiesImpl contractRecordActivities(ContractRepository contracts) {
        return new ContractRecordActivitiesImpl(contracts);
    }

    @Bean
    SearchAttributeRegistration searchAttributeRegistration(WorkflowServiceStubs temporal,
                                                            @Value("${spring.temporal.namespace:default}") String namespace) {
        return new SearchAttributeRegistration(temporal, namespace);
    }

    /** Activity timeouts and retries come from one place, {@link ContractActivityPolicies}. */
    @Bean
    WorkflowImplementationOptionsCustomizer contractActivityPolicies() {
        return (builder, worker, workflowClass, workflowMethod) -> {
            WorkflowImplementationOptions policies = ContractActivityPolicies.workflowImplementationOptions();
            return builder
                    .setDefaultActivityOptions(policies.getDefaultActivityOptions())
                    .setActivityOptions(policies.getActivityOptions());
        };
    }
}
