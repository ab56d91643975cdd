package no.signchain.activities.signicatv1;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import no.signchain.activities.http.ProviderCallException;
import no.signchain.activities.provider.ProviderSession;
import no.signchain.activities.provider.ProviderSessionState;
import no.signchain.activities.provider.SessionOrder;
import no.signchain.activities.provider.SigningProvider;
import no.signchain.activities.provider.SigningProviderException;
import no.signchain.activities.signicat.SignApiException;
import no.signchain.activities.signicat.SignApiProblemException;
import no.signchain.store.webhook.SessionAnnouncement;
import no.signchain.workflows.signing.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signicat's Sign API v1 as a {@link SigningProvider}: per signer one uploaded PDF and one signing order with one
 * {@code SIGN} task ({@code nbid-sign}, for the signer's national identity number), whose {@code signingUrl} is the
 * signer's link. The session's reference is {@code <orderId>:<taskId>}, as a URL notification names it
 * ({@code requestId}, {@code taskId}).
 *
 * <p>What v1, as far as signchain's material shows, does not offer, and what signchain does instead:
 * <ul>
 *   <li>no search by client reference: every task announces itself in a URL notification on {@code CREATED} whose
 *       message names the step's external reference, which signchain's webhook stores; {@link #findSessions} looks
 *       there, so a retry after a lost create answer carries on with the task that create made instead of ordering a
 *       second one. Without a notification URL (or before the notification has arrived) it finds nothing, and such a
 *       task, which nobody is sent to, lives until its {@code daysToLive};</li>
 *   <li>no due-date change: the task lives {@code daysToLive} days, longer than signchain's deadlines, and
 *       signchain's own deadline decides.</li>
 * </ul>
 */
public class SignicatV1SigningProvider implements SigningProvider {

    public static final String NAME = "signicat-v1";
    static final String TASK_ID = "1";
    static final String DOCUMENT_ID = "doc-1";

    private static final Logger log = LoggerFactory.getLogger(SignicatV1SigningProvider.class);

    /** The CREATED notifications signchain's webhook received, by message. */
    @FunctionalInterface
    public interface ReceivedNotifications {

        /** The sessions ({@code <orderId>:<taskId>}) notified with this message since then, oldest first. */
        List<String> sessionsNotified(String message, Instant receivedSince);
    }

    private final SignicatV1Client client;
    private final ReceivedNotifications received;

    /** Without the webhook's inbox: {@link #findSessions} finds nothing. */
    public SignicatV1SigningProvider(SignicatV1Client client) {
        this(client, (message, since) -> List.of());
    }

    public SignicatV1SigningProvider(SignicatV1Client client, ReceivedNotifications received) {
        this.client = client;
        this.received = received;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Upload and order belong together: an uploaded document without an order is deleted after 30 minutes. */
    @Override
    public ProviderSession openSession(SessionOrder order, Path document) {
        return translated(() -> {
            SignicatV1Settings settings = client.settings();
            SignicatV1Wire.UploadedDocument uploaded = client.uploadDocument(document);
            SignicatV1Wire.SigningOrder created = client.createOrder(new SignicatV1Wire.SigningOrder(
                    null,
                    order.externalReference(),
                    List.of(new SignicatV1Wire.Task(
                            TASK_ID,
                            new SignicatV1Wire.Subject(
                                    order.signer().nationalId().digits()),
                            settings.language(),
                            settings.daysToLive(),
                            List.of(new SignicatV1Wire.Document(
                                    DOCUMENT_ID, order.title(), "SIGN", "SESSION", uploaded.documentId(), false)),
                            List.of(new SignicatV1Wire.SignatureMethod("nbid-sign", "SIGNED_STATEMENT")),
                            notifications(settings.notificationUrl().get(), order.externalReference()),
                            null))));
            if (created.id() == null
                    || created.tasks() == null
                    || created.tasks().isEmpty()) {
                throw new ProviderCallException("Signicat's signing order has no id or no task", 0, true, null, null);
            }
            SignicatV1Wire.Task task = created.tasks().getFirst();
            return new ProviderSession(created.id() + ":" + task.id(), task.signingUrl(), order.dueAt());
        });
    }

    /**
     * One URL notification per end of the task, so each end wakes the contract; the message names the status, and is
     * only a hint (the task status is read all the same). One more on {@code CREATED}, naming the step's external
     * reference (ids only, no personal data), makes the task findable should the create's answer be lost.
     */
    private static List<SignicatV1Wire.Notification> notifications(String url, String externalReference) {
        if (url == null || url.isBlank()) {
            return List.of();
        }
        List<SignicatV1Wire.Notification> out = new ArrayList<>();
        out.add(urlNotification(url, "CREATED", createdMessage(externalReference)));
        for (String status : List.of("COMPLETED", "REJECTED", "EXPIRED", "DELETED")) {
            out.add(urlNotification(url, status, status.toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static SignicatV1Wire.Notification urlNotification(String url, String status, String message) {
        return new SignicatV1Wire.Notification(
                "signchain-" + status.toLowerCase(Locale.ROOT),
                url,
                null,
                null,
                message,
                "URL",
                List.of(new SignicatV1Wire.Schedule(status)));
    }

    static String createdMessage(String externalReference) {
        return SessionAnnouncement.eventName(externalReference);
    }

    /**
     * The tasks whose CREATED notification named this reference, as the orders read now. An order whose client
     * reference is another one is skipped (the notification URL's secret is v1's only authentication, so the order
     * itself must confirm it), and so is a task that is gone: it can no longer become the step's session. The due date
     * is left to the caller: v1 has none to move, and signchain's own deadline rules.
     */
    @Override
    public List<ProviderSession> findSessions(String externalReference, Instant createdSince) {
        List<String> notified = received.sessionsNotified(createdMessage(externalReference), createdSince);
        if (notified.isEmpty()) {
            return List.of();
        }
        return translated(() -> {
            List<ProviderSession> found = new ArrayList<>();
            for (String sessionRef : notified) {
                TaskRef ref = TaskRef.parse(sessionRef);
                SignicatV1Wire.SigningOrder order;
                try {
                    order = client.order(ref.orderId());
                } catch (ProviderCallException e) {
                    if (e.status() == 404 || e.status() == 410) {
                        continue;
                    }
                    throw e;
                }
                if (!externalReference.equals(order.clientReference())) {
                    log.warn("Sign API v1 order of task {} is not the one its CREATED notification named", sessionRef);
                    continue;
                }
                SignicatV1Wire.Task task = order.tasks() == null
                        ? null
                        : order.tasks().stream()
                                .filter(t -> ref.taskId().equals(t.id()))
                                .findFirst()
                                .orElse(null);
                if (task == null || readSession(sessionRef).state() == SessionState.EXPIRED) {
                    continue;
                }
                found.add(new ProviderSession(sessionRef, task.signingUrl(), null));
            }
            return found;
        });
    }

    @Override
    public ProviderSessionState readSession(String sessionRef) {
        return translated(() -> {
            TaskRef ref = TaskRef.parse(sessionRef);
            SignicatV1Wire.TaskStatus status;
            try {
                status = client.taskStatus(ref.orderId(), ref.taskId());
            } catch (ProviderCallException e) {
                if (e.status() == 404 || e.status() == 410) {
                    return new ProviderSessionState(sessionRef, SessionState.EXPIRED, null);
                }
                throw e;
            }
            SessionState state = stateOf(sessionRef, status.taskStatus());
            return new ProviderSessionState(sessionRef, state, state == SessionState.SIGNED ? result(status) : null);
        });
    }

    /** {@code resultDocumentRef} is the signed document's {@code resultUri}, below the API root. */
    @Override
    public void downloadSignedDocument(ProviderSessionState signed, OutputStream sink) {
        translated(() -> {
            client.downloadResult(signed.resultDocumentRef(), sink);
            return null;
        });
    }

    /** v1 has no call for it: the task lives {@code daysToLive} days, and signchain's own timer keeps the deadline. */
    @Override
    public void changeDueDate(String sessionRef, Instant dueAt) {
        log.debug("Sign API v1 cannot move task {}'s lifetime; signchain's deadline alone changed", sessionRef);
    }

    /** Deletes the order (one task per order, so nobody else's); one already gone is not an error. */
    @Override
    public void withdrawSession(String sessionRef) {
        translated(() -> {
            try {
                client.deleteOrder(TaskRef.parse(sessionRef).orderId());
            } catch (ProviderCallException e) {
                if (e.status() != 404 && e.status() != 410) {
                    throw e;
                }
            }
            return null;
        });
    }

    /**
     * Every v1 task status on purpose: {@code completed} is signed, {@code rejected} the signer's refusal,
     * {@code expired} a lapse of {@code daysToLive}; {@code deleted} means the order is gone (withdrawn by signchain,
     * or deleted by someone at Signicat), which for signchain is a session no longer known, so expired; {@code created}
     * is open. An unknown status is treated as open and logged: the step's deadline still ends it, whereas guessing
     * "failed" could end a contract a signer is about to sign.
     */
    static SessionState stateOf(String sessionRef, String taskStatus) {
        String status = taskStatus == null ? "" : taskStatus.strip().toLowerCase(Locale.ROOT);
        return switch (status) {
            case "completed" -> SessionState.SIGNED;
            case "rejected" -> SessionState.REJECTED;
            case "expired", "deleted" -> SessionState.EXPIRED;
            case "created" -> SessionState.PENDING;
            default -> {
                log.warn("Sign API v1 task {} has a status signchain does not know; treated as still open", sessionRef);
                yield SessionState.PENDING;
            }
        };
    }

    /** The signed document's URI; null while Signicat reports completed before listing it (collect waits for it). */
    private static String result(SignicatV1Wire.TaskStatus status) {
        if (status.documents() == null) {
            return null;
        }
        return status.documents().stream()
                .map(SignicatV1Wire.DocumentStatus::resultUri)
                .filter(uri -> uri != null && !uri.isBlank())
                .findFirst()
                .orElse(null);
    }

    /** {@code <orderId>:<taskId>}; a reference of another shape is not v1's, and no retry makes it one. */
    record TaskRef(String orderId, String taskId) {
        static TaskRef parse(String sessionRef) {
            int colon = sessionRef == null ? -1 : sessionRef.lastIndexOf(':');
            if (colon <= 0 || colon == sessionRef.length() - 1) {
                throw new ProviderCallException("not a Sign API v1 task reference", 0, false, null, null);
            }
            return new TaskRef(sessionRef.substring(0, colon), sessionRef.substring(colon + 1));
        }
    }

    private static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (ProviderCallException e) {
            throw e.toProviderFailure();
        } catch (SignApiProblemException e) {
            // The token endpoint refused or failed: a wrong secret is an operator's fix, so never permanent.
            throw new SigningProviderException(
                    e.getMessage(), false, e.retryAfter().orElse(null), e);
        } catch (SignApiException e) {
            throw new SigningProviderException(e.getMessage(), false, null, e);
        }
    }
}
