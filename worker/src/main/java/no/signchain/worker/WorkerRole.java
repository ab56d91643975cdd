package no.signchain.worker;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a worker process takes from its task queue ({@code signchain.worker.role}). Splitting the roles lets each be
 * sized for what it holds: a workflows worker holds cached contracts and never a document, an activities worker holds
 * documents and never a cached contract.
 */
enum WorkerRole {
    /** Workflow tasks and every activity: the default, and the all-in-one app's. */
    ALL,
    /** Workflow tasks and their local activities (progress records) only. */
    WORKFLOWS,
    /** Activities only: no workflow type is registered (signchain-worker.yml), so it never polls for workflow tasks. */
    ACTIVITIES;

    /** Exactly as written: the setting also names the profile signchain-worker.yml activates for it. */
    static WorkerRole of(String setting) {
        return Arrays.stream(values())
                .filter(role -> role.setting().equals(setting))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("signchain.worker.role (SIGNCHAIN_WORKER_ROLE) is '"
                        + setting + "'; it must be one of "
                        + Arrays.stream(values()).map(WorkerRole::setting).collect(Collectors.joining(", "))));
    }

    String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean runsActivities() {
        return this != WORKFLOWS;
    }
}
