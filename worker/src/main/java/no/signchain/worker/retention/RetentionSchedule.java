package no.signchain.worker.retention;

import io.grpc.Status;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;
import no.signchain.worker.TemporalAtStartup;
import no.signchain.workflows.retention.RetentionPolicy;
import no.signchain.workflows.retention.RetentionWorkflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * The Temporal Schedule that runs the retention cleanup, made to match the configuration at every worker start:
 * created when missing, updated when present (another worker, or an earlier configuration, made it), deleted when
 * retention is off. Every worker does this; the last one to start wins, and they share their configuration.
 *
 * <p>Temporal's Java test server (the all-in-one app's fallback when no real server is found) has no schedules: there
 * the schedule is not made and this says so; erasure on request still works.
 */
public class RetentionSchedule implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

    private final ScheduleClient schedules;
    private final String taskQueue;
    private final boolean enabled;
    private final RetentionPolicy policy;
    private final Duration every;
    private final Duration patience;

    RetentionSchedule(
            WorkflowClient temporal,
            String taskQueue,
            boolean enabled,
            RetentionPolicy policy,
            Duration every,
            Duration patience) {
        // The workflow client's data converter, so the schedule's arguments are encoded as the workers decode them.
        this.schedules = ScheduleClient.newInstance(
                temporal.getWorkflowServiceStubs(),
                ScheduleClientOptions.newBuilder()
                        .setNamespace(temporal.getOptions().getNamespace())
                        .setDataConverter(temporal.getOptions().getDataConverter())
                        .build());
        this.taskQueue = taskQueue;
        this.enabled = enabled;
        this.policy = policy;
        this.every = every;
        this.patience = patience;
    }

    /** One schedule per task queue: deployments sharing a namespace keep their own. */
    public String id() {
        return "signchain-retention-" + taskQueue;
    }

    @Override
    public void afterPropertiesSet() throws InterruptedException {
        try {
            TemporalAtStartup.call(
                    (enabled ? "make" : "delete") + " the retention schedule " + id(),
                    patience,
                    Duration.ofMillis(500),
                    enabled ? this::apply : this::remove);
        } catch (RuntimeException e) {
            // The schedule client wraps the server's answer in a ScheduleException.
            if (!answered(e, Status.Code.UNIMPLEMENTED)) {
                throw e;
            }
            log.warn(
                    "This Temporal server has no schedules (Temporal's Java test server): retention (erasing "
                            + "contracts {} after they ended) is not scheduled. Use a real Temporal server.",
                    inWords(policy.afterEnd()));
        }
    }

    private void apply() {
        Schedule schedule = schedule();
        try {
            schedules.createSchedule(
                    id(), schedule, ScheduleOptions.newBuilder().build());
            log.info(
                    "Retention schedule {} created: every {}, erasing contracts {} after they ended",
                    id(),
                    inWords(every),
                    inWords(policy.afterEnd()));
        } catch (ScheduleAlreadyRunningException e) {
            schedules.getHandle(id()).update(input -> new ScheduleUpdate(schedule));
            log.info(
                    "Retention schedule {} updated: every {}, erasing contracts {} after they ended",
                    id(),
                    inWords(every),
                    inWords(policy.afterEnd()));
        }
    }

    private void remove() {
        try {
            schedules.getHandle(id()).delete();
            log.info("Retention is off: schedule {} deleted", id());
        } catch (RuntimeException e) {
            if (!answered(e, Status.Code.NOT_FOUND)) {
                throw e;
            }
        }
    }

    Schedule schedule() {
        return Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType(RetentionWorkflow.class)
                        .setArguments(policy)
                        .setOptions(WorkflowOptions.newBuilder()
                                .setWorkflowId("signchain-retention-" + taskQueue)
                                .setTaskQueue(taskQueue)
                                .build())
                        .build())
                .setSpec(ScheduleSpec.newBuilder()
                        .setIntervals(List.of(new ScheduleIntervalSpec(every)))
                        .build())
                // A run still going when the next is due (a huge backlog) is left to finish; the next one is skipped.
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .build())
                .setState(ScheduleState.newBuilder()
                        .setNote("signchain: erase ended contracts' documents and personal data "
                                + inWords(policy.afterEnd()) + " after they ended")
                        .build())
                .build();
    }

    /** "90 days" rather than Duration's "PT2160H". */
    private static String inWords(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? duration.toDays() + " day(s)" : duration.toString();
    }

    private static boolean answered(Throwable e, Status.Code code) {
        return TemporalAtStartup.status(e).filter(s -> s.getCode() == code).isPresent();
    }
}
