package no.signchain.api.callback;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs callbacks as Standard Webhooks: {@code webhook-signature} is {@code v1,<base64 HMAC-SHA256>} over
 * {@code <webhook-id>.<webhook-timestamp>.<body>}, once per configured secret, space-separated, so a receiver holding
 * either secret of a rotation verifies. The HMAC is Standard Webhooks' own Java library's.
 */
public final class CallbackSigner {

    static final String PREFIX = "whsec_";
    /** The spec's bounds for a secret's key. */
    private static final int MIN_KEY_BYTES = 24;

    private static final int MAX_KEY_BYTES = 64;

    private final List<Webhook> keys;

    /**
     * @throws IllegalArgumentException for a secret that is not {@code whsec_} and base64 of 24 to 64 bytes; the
     *                                  message says which (by position), never the secret
     */
    public CallbackSigner(List<String> secrets) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no secret to sign callbacks with");
        }
        List<Webhook> parsed = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            parsed.add(parse(secrets.get(i), "signchain.callbacks.secrets[" + i + "]"));
        }
        this.keys = List.copyOf(parsed);
    }

    /** A new random secret, {@code whsec_} and 32 bytes in base64. */
    public static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    int secretCount() {
        return keys.size();
    }

    /** The three Standard Webhooks headers for one attempt; the timestamp is the attempt's own. */
    public Map<String, String> headers(String webhookId, Instant timestamp, String body) {
        long seconds = timestamp.getEpochSecond();
        List<String> signatures = new ArrayList<>();
        for (Webhook key : keys) {
            try {
                signatures.add(key.sign(webhookId, seconds, body));
            } catch (WebhookSigningException e) {
                throw new IllegalStateException("HmacSHA256 is in every JVM", e);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", webhookId);
        headers.put("webhook-timestamp", Long.toString(seconds));
        headers.put("webhook-signature", String.join(" ", signatures));
        return headers;
    }

    private static Webhook parse(String secret, String name) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException(name + " must start with " + PREFIX + " (Standard Webhooks secrets do)");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be " + PREFIX + " followed by base64");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(
                    name + " must encode " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes, not " + key.length);
        }
        try {
            return new Webhook(key);
        } catch (Exception e) {
            throw new IllegalArgumentException(
                    name + " is not usable: " + e.getClass().getSimpleName());
        }
    }
}
