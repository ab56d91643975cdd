package no.signchain.worker.retention;

import io.temporal.client.WorkflowClient;
import java.time.Duration;
import no.signchain.activities.retention.RetentionActivitiesImpl;
import no.signchain.store.erasure.ContractErasure;
import no.signchain.workflows.retention.RetentionPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Retention: ended contracts' documents and personal data are erased {@code signchain.retention.after-end} (P90D)
 * after they ended, by a cleanup workflow a Temporal Schedule runs every {@code signchain.retention.every} (P1D).
 * {@code signchain.retention.enabled=false} deletes the schedule: nothing is erased but on request.
 */
@Configuration(proxyBeanMethods = false)
public class RetentionConfiguration {

    @Bean
    RetentionActivitiesImpl retentionActivities(ContractErasure erasure) {
        return new RetentionActivitiesImpl(erasure);
    }

    @Bean
    RetentionSchedule retentionSchedule(
            WorkflowClient temporal,
            @Value("${signchain.temporal.task-queue}") String taskQueue,
            @Value("${signchain.retention.enabled:true}") boolean enabled,
            @Value("${signchain.retention.after-end:P90D}") Duration afterEnd,
            @Value("${signchain.retention.every:P1D}") Duration every,
            @Value("${signchain.retention.batch-size:100}") int batchSize,
            @Value("${spring.temporal.start-workers:true}") boolean runsWorkers,
            @Value("${signchain.temporal.search-attributes-patience:PT2M}") Duration patience) {
        if (afterEnd.isNegative() || every.compareTo(Duration.ofMinutes(1)) < 0 || batchSize < 1) {
            throw new IllegalStateException("signchain.retention: after-end must be 0 or more, every at least PT1M and"
                    + " batch-size at least 1");
        }
        return new RetentionSchedule(
                temporal, taskQueue, enabled && runsWorkers, new RetentionPolicy(afterEnd, batchSize), every, patience);
    }
}
