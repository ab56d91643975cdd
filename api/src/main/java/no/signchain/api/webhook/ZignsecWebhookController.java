package no.signchain.api.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import no.signchain.api.problem.ApiProblem;
import no.signchain.api.text.PlainText;
import no.signchain.store.webhook.WebhookInbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
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
 * Receives ZignSec's webhook deliveries: the signing session as {@code GET /sessions/signing/{id}} shows it, at a
 * state change, signed with {@code X-ZignSec-Hmac-SHA256: t=…,v1=…}. Verified, stored in the same inbox as Signicat's
 * events and relayed the same way: a hint that wakes the contract's reconciliation read, never taken as the state.
 *
 * <p>ZignSec's deliveries carry no event id of their own, so the event is named by session and status: a retried
 * delivery of one state change is recognised and changes nothing, and the next state change is a new event.
 */
@RestController
public class ZignsecWebhookController {

    private static final Logger log = LoggerFactory.getLogger(ZignsecWebhookController.class);
    static final String PROVIDER = "zignsec";
    private static final int MAX_FIELD = 100;

    private final WebhookInbox inbox;
    private final WebhookRelay relay;
    private final DeliverySignature signature;
    private final ZignsecWebhookProperties settings;
    private final JsonMapper json;
    private final EventTraces traces;

    public ZignsecWebhookController(
            WebhookInbox inbox,
            WebhookRelay relay,
            @Qualifier("zignsecDeliverySignature") DeliverySignature signature,
            ZignsecWebhookProperties settings,
            JsonMapper json,
            EventTraces traces) {
        this.traces = traces;
        this.inbox = inbox;
        this.relay = relay;
        this.signature = signature;
        this.settings = settings;
        this.json = json;
    }

    @PostMapping("/webhooks/zignsec")
    public ResponseEntity<Void> receive(HttpServletRequest request, @RequestHeader HttpHeaders headers) {
        byte[] raw = DeliveryBody.read(request, settings.maxBodySize());
        String problem = signature.problemWith(headers.getFirst(settings.signatureHeader()), raw);
        if (problem != null) {
            log.warn("Refused a ZignSec webhook delivery: {}", problem);
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, "Delivery not authenticated", problem, List.of());
        }
        JsonNode session;
        try {
            session = json.readTree(PlainText.decodeUtf8(raw));
        } catch (CharacterCodingException e) {
            throw ApiProblem.invalid("body", PlainText.NOT_UTF_8);
        } catch (JacksonException e) {
            throw ApiProblem.invalid("body", "is not JSON");
        }
        String sessionId = field(session, "id");
        String status = field(session, "status");
        if (sessionId == null || status == null) {
            throw ApiProblem.invalid(sessionId == null ? "id" : "status", "is required");
        }
        String eventId = PROVIDER + ":" + sessionId + ":" + status;
        if (inbox.store(
                eventId, PROVIDER, status, sessionId, new String(raw, StandardCharsets.UTF_8), traces.current())) {
            relay.relaySoon();
        } else {
            log.debug("ZignSec event {} was delivered before", eventId);
        }
        return ResponseEntity.noContent().build();
    }

    /** A short text field, or null when absent; anything else is a 400 (a 500 would be retried for 48 hours). */
    private static String field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiProblem.invalid(name, "must be a string");
        }
        String text = value.asString().strip();
        if (text.isEmpty()) {
            throw ApiProblem.invalid(name, "must not be blank");
        }
        if (text.length() > MAX_FIELD) {
            throw ApiProblem.invalid(name, "must be at most " + MAX_FIELD + " characters");
        }
        PlainText.problemWith(text).ifPresent(rule -> {
            throw ApiProblem.invalid(name, rule);
        });
        return text;
    }
}
