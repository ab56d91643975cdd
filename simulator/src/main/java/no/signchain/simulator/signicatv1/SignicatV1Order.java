package no.signchain.simulator.signicatv1;

import java.time.Instant;
import java.util.List;

/** One simulated Sign API v1 signing order; each task is guarded by its own monitor. */
final class SignicatV1Order {

    enum Status {
        CREATED,
        COMPLETED,
        REJECTED,
        EXPIRED,
        DELETED
    }

    /** A URL notification of a task: {@code recipient} is called when the task reaches {@code triggerStatus}. */
    record UrlNotification(String recipient, String message, Status triggerStatus) {}

    static final class Task {
        final String id;
        final String nationalId;
        final String description;
        final String documentId;
        final byte[] document;
        final Instant expiresAt;
        final List<UrlNotification> notifications;
        Status status = Status.CREATED;
        byte[] signed;

        Task(
                String id,
                String nationalId,
                String description,
                String documentId,
                byte[] document,
                Instant expiresAt,
                List<UrlNotification> notifications) {
            this.id = id;
            this.nationalId = nationalId;
            this.description = description;
            this.documentId = documentId;
            this.document = document;
            this.expiresAt = expiresAt;
            this.notifications = notifications;
        }
    }

    final String id;
    final String clientReference;
    final Instant createdAt;
    final List<Task> tasks;

    SignicatV1Order(String id, String clientReference, Instant createdAt, List<Task> tasks) {
        this.id = id;
        this.clientReference = clientReference;
        this.createdAt = createdAt;
        this.tasks = tasks;
    }
}
