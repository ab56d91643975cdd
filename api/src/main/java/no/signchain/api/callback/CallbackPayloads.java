package no.signchain.api.callback;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import no.signchain.store.callback.UndispatchedEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body of a callback, in Standard Webhooks' recommended shape:
 *
 * <pre>
 * {"type": "signer.signed", "timestamp": "2026-03-01T10:00:00.123Z",
 *  "data": {"contractId": "…", "externalRef": "…", "signerIndex": 2, "signerName": "Ole Bramserud"}}
 * </pre>
 *
 * {@code timestamp} is when the state change happened. {@code data} has {@code contractId} always, and
 * {@code externalRef}, {@code signerIndex} and {@code signerName} (signer events), {@code signatureUrl}
 * ({@code signer.session_opened}) and {@code reason} (a contract that ended other than completed) when there is one.
 * Never an identity number. Rendered once per event, so every delivery and retry of it sends the same bytes.
 */
public final class CallbackPayloads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CallbackPayloads() {}

    public static String render(UndispatchedEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contractId", event.contractId());
        putIfPresent(data, "externalRef", event.externalRef());
        putIfPresent(data, "signerIndex", event.signerIndex());
        putIfPresent(data, "signerName", event.signerName());
        putIfPresent(data, "signatureUrl", event.signatureUrl());
        putIfPresent(data, "reason", event.reason());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", event.type().wireName());
        body.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(event.occurredAt()));
        body.put("data", data);
        return JSON.writeValueAsString(body);
    }

    /** The {@code webhook-id} of every delivery of an event: {@code msg_} and its uuid's 32 hex digits. */
    public static String webhookId(String eventId) {
        return "msg_" + eventId.replace("-", "");
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
