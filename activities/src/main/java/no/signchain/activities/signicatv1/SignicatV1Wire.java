package no.signchain.activities.signicatv1;

import java.util.List;

/**
 * Signicat Sign API v1 bodies, all in one place. The seed document (002) names the steps and the fields
 * {@code documentId}, {@code tasks[].id}, {@code documents[].action/source/documentRef}, {@code signatureMethods},
 * {@code notifications[].type/recipient/message/schedule[].triggerStatus}, {@code daysToLive} and the task status
 * values; the rest ({@code subject.nationalId}, {@code signingUrl}, {@code taskStatus}, {@code resultUri}) follows
 * Signicat's v1 reference as signchain's material remembers it, and the simulator accepts exactly these.
 */
public final class SignicatV1Wire {

    private SignicatV1Wire() {}

    /** The answer to {@code POST /documents}: the document's id in session data storage. */
    public record UploadedDocument(String documentId) {}

    /** {@code POST /orders}: one signing order. */
    public record SigningOrder(String id, String clientReference, List<Task> tasks) {
        @Override
        public String toString() {
            return "SigningOrder[id=" + id + ", clientReference=" + clientReference + "]";
        }
    }

    /**
     * One task for one end-user.
     *
     * @param subject    who may do it: BankID signs only as the person with this national identity number
     * @param signingUrl the task's URL ({@code ${taskUrl}}), in Signicat's answer only
     * @param daysToLive days from creation until the task expires unless done
     */
    public record Task(
            String id,
            Subject subject,
            String language,
            Integer daysToLive,
            List<Document> documents,
            List<SignatureMethod> signatureMethods,
            List<Notification> notifications,
            String signingUrl) {
        @Override
        public String toString() {
            return "Task[id=" + id + "]";
        }
    }

    public record Subject(String nationalId) {
        @Override
        public String toString() {
            return "Subject[nationalId=***]";
        }
    }

    /** {@code action} is SIGN, VIEW or UPLOAD; {@code source} SESSION for a document in session data storage. */
    public record Document(
            String id,
            String description,
            String action,
            String source,
            String documentRef,
            Boolean sendResultToArchive) {}

    /** {@code nbid-sign} / {@code SIGNED_STATEMENT}: Norwegian BankID signing. */
    public record SignatureMethod(String name, String type) {}

    /**
     * A task notification; {@code type} URL calls {@code recipient} with {@code requestId}, {@code taskId} and
     * {@code message} as URL parameters when the task reaches one of the {@code schedule}'s trigger statuses.
     */
    public record Notification(
            String id,
            String recipient,
            String sender,
            String header,
            String message,
            String type,
            List<Schedule> schedule) {
        @Override
        public String toString() {
            return "Notification[id=" + id + ", type=" + type + "]";
        }
    }

    public record Schedule(String triggerStatus) {}

    /** {@code GET /orders/{orderId}/tasks/{taskId}/status}. */
    public record TaskStatus(String taskStatus, List<DocumentStatus> documents) {}

    /** One document's status in a task; {@code resultUri} is where its signed result is, once signed. */
    public record DocumentStatus(String id, String documentStatus, String resultUri) {}
}
