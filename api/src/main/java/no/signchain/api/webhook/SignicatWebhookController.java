package no.signchain.api.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import no.signchain.api.problem.ApiProblem;
import no.signchain.api.problem.InvalidParam;
import no.signchain.api.text.PlainText;
import no.signchain.store.webhook.WebhookInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Receives Signicat's events. A delivery is verified, stored in the inbox and answered 2xx; the relay then signals
 * the workflow. Whether Temporal is up does not matter here: the event is safe once stored. A redelivered event is
 * answered 2xx and changes nothing.
 */
@RestController
public class SignicatWebhookController {

    private static final Logger log = LoggerFactory.getLogger(SignicatWebhookController.class);
    static final String PROVIDER = "signicat";
    /** The longest event id, event name or session id taken: Signicat's are UUIDs and short names. */
    static final int MAX_FIELD = 255;

    private final WebhookInbox inbox;
    private final WebhookRelay relay;
    private final DeliverySignature signature;
    private final SignicatWebhookProperties settings;
    private final JsonMapper json;
    private final EventTraces traces;
    /** The session id's place in the envelope, named the way invalidParams names fields: eventData.signingSessionId. */
    private final String sessionIdField;

    public SignicatWebhookController(
            WebhookInbox inbox,
            WebhookRelay relay,
            DeliverySignature signature,
            SignicatWebhookProperties settings,
            JsonMapper json,
            EventTraces traces) {
        this.traces = traces;
        this.inbox = inbox;
        this.relay = relay;
        this.signature = signature;
        this.settings = settings;
        this.json = json;
        this.sessionIdField = settings.sessionIdPointer().replaceFirst("^/", "").replace('/', '.');
    }

    @PostMapping("/webhooks/signicat")
    public ResponseEntity<Void> receive(HttpServletRequest request, @RequestHeader HttpHeaders headers) {
        byte[] raw = DeliveryBody.read(request, settings.maxBodySize());
        String problem = signature.problemWith(headers.getFirst(settings.signatureHeader()), raw);
        if (problem != null) {
            log.warn("Refused a Signicat webhook delivery: {}", problem);
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Delivery not authenticated", problem, List.of());
        }
        JsonNode envelope;
        try {
            // Decoded strictly first: the inbox keeps the body as text, and a malformed sequence would be stored
            // as U+FFFD, no longer the bytes the signature covered.
            envelope = json.readTree(PlainText.decodeUtf8(raw));
        } catch (CharacterCodingException e) {
            throw ApiProblem.invalid("body", PlainText.NOT_UTF_8);
        } catch (JacksonException e) {
            throw ApiProblem.invalid("body", "is not JSON");
        }
        String eventId = scalar(envelope.get("id"), "id");
        if (eventId == null) {
            throw ApiProblem.invalid(List.of(new InvalidParam("id", "the event envelope has no id")));
        }
        if (eventId.isBlank()) {
            // Stored, a blank id would make every later event with one look like a redelivery of it.
            throw ApiProblem.invalid("id", "must not be blank");
        }
        String eventName = scalar(envelope.get("eventName"), "eventName");
        String sessionRef = scalar(envelope.at(settings.sessionIdPointer()), sessionIdField);
        boolean fresh = inbox.store(
                eventId, PROVIDER, eventName, sessionRef, new String(raw, StandardCharsets.UTF_8), traces.current());
        if (fresh) {
            relay.relaySoon();
        } else if (sameAsFirstDelivery(eventId, envelope)) {
            log.debug("Event {} was delivered before", eventId);
        } else {
            // Still answered 2xx, or Signicat would retry it without end; an operator should see that one event id
            // came with two bodies (the body itself is not logged: it may name people).
            log.warn(
                    "Event {} was delivered before with a different body; the first delivery is kept, this one ignored",
                    eventId);
        }
        return ResponseEntity.noContent().build();
    }

    /** Compared as JSON, so a redelivery serialised with other spacing or key order is still the same event. */
    private boolean sameAsFirstDelivery(String eventId, JsonNode envelope) {
        return inbox.payloadOf(eventId)
                .map(first -> {
                    try {
                        return json.readTree(first).equals(envelope);
                    } catch (JacksonException e) {
                        return false;
                    }
                })
                .orElse(true);
    }

    /**
     * A string or number field as text, or null when absent. Anything else is refused with 400 rather than coerced
     * or failing with 500: Signicat retries a 500 without end, and a signed delivery it sent can only be fixed there.
     */
    private static String scalar(JsonNode node, String field) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isString() && !node.isNumber()) {
            throw ApiProblem.invalid(field, "must be a string or a number");
        }
        String text = node.asString();
        if (text.length() > MAX_FIELD) {
            // The event id is the inbox's primary key: PostgreSQL's btree refuses a key over about 2.7 KB, which
            // would be a 500, and Signicat retries a 500 without end. Signicat's ids are UUIDs.
            throw ApiProblem.invalid(field, "must be at most " + MAX_FIELD + " characters");
        }
        PlainText.problemWith(text).ifPresent(rule -> {
            // NUL and unpaired surrogates cannot be stored in PostgreSQL's text; the rest have no place in an id.
            throw ApiProblem.invalid(field, rule);
        });
        return text;
    }
}
