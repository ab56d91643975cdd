package no.signchain.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Pattern;
import no.signchain.api.problem.ApiProblem;
import no.signchain.api.text.PlainText;
import no.signchain.store.webhook.SessionAnnouncement;
import no.signchain.store.webhook.WebhookInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives Signicat Sign API v1's URL notifications: {@code requestId} (the signing order), {@code taskId} and
 * {@code message} as URL parameters. v1 signs nothing, so a notification is taken only at the URL with the configured
 * secret as its last segment, compared in constant time. It is stored in the same inbox as the other providers'
 * events and relayed the same way: a hint that wakes the contract's reconciliation read of the task, never taken as
 * its state. The notification on a task's creation is a {@link SessionAnnouncement}, stored but not relayed. Answered
 * 200 (Signicat retries anything else for 24 hours); a retried notification changes nothing.
 */
@RestController
public class SignicatV1NotificationController {

    private static final Logger log = LoggerFactory.getLogger(SignicatV1NotificationController.class);
    static final String PROVIDER = "signicat-v1";
    /** Signicat's ids are short tokens; anything else is not a notification signchain could act on. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private static final int MAX_MESSAGE = 200;

    private final WebhookInbox inbox;
    private final WebhookRelay relay;
    private final byte[] secretDigest;
    private final EventTraces traces;

    public SignicatV1NotificationController(
            WebhookInbox inbox,
            WebhookRelay relay,
            SignicatV1NotificationProperties settings,
            @Value("${signchain.providers.enabled.signicat-v1:false}") boolean enabled,
            EventTraces traces) {
        this.traces = traces;
        this.inbox = inbox;
        this.relay = relay;
        this.secretDigest = settings.secret().isBlank() ? null : digest(settings.secret());
        if (enabled && secretDigest == null) {
            log.warn("No Signicat v1 notification secret configured (SIGNICAT_V1_NOTIFICATION_SECRET): URL "
                    + "notifications will be refused; v1 contracts still advance by reading tasks every reconcile "
                    + "interval");
        }
    }

    @RequestMapping(
            path = "/webhooks/signicat-v1/{secret}",
            method = {RequestMethod.GET, RequestMethod.POST})
    public ResponseEntity<Void> receive(
            @PathVariable String secret,
            @RequestParam(required = false) String requestId,
            @RequestParam(required = false) String taskId,
            @RequestParam(required = false) String message) {
        // Digests of equal length, so the comparison takes as long whatever the guess.
        if (secretDigest == null || !MessageDigest.isEqual(secretDigest, digest(secret))) {
            log.warn("Refused a Signicat v1 notification: the secret in its URL is wrong or none is configured");
            throw new ApiProblem(
                    HttpStatus.UNAUTHORIZED,
                    "Notification not authenticated",
                    "the notification URL's secret is not the configured one",
                    List.of());
        }
        requireId("requestId", requestId);
        requireId("taskId", taskId);
        String note = message == null ? "" : message.strip();
        if (note.length() > MAX_MESSAGE) {
            throw ApiProblem.invalid("message", "must be at most " + MAX_MESSAGE + " characters");
        }
        PlainText.problemWith(note).ifPresent(rule -> {
            throw ApiProblem.invalid("message", rule);
        });
        String sessionRef = requestId + ":" + taskId;
        String eventId = PROVIDER + ":" + sessionRef + ":" + note;
        String payload = "requestId=" + requestId + "&taskId=" + taskId + "&message=" + note;
        String eventName = note.isEmpty() ? "notification" : note;
        if (!inbox.store(eventId, PROVIDER, eventName, sessionRef, payload, traces.current())) {
            log.debug("Signicat v1 notification {} was delivered before", eventId);
        } else if (!SessionAnnouncement.isOne(eventName)) {
            relay.relaySoon(); // an announcement is stored relayed already
        }
        return ResponseEntity.ok().build();
    }

    private static void requireId(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ApiProblem.invalid(name, "is required");
        }
        if (!ID.matcher(value).matches()) {
            throw ApiProblem.invalid(name, "must be at most 100 letters, digits, '.', '_' or '-'");
        }
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
