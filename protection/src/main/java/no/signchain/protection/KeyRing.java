package no.signchain.protection;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys personal data is encrypted with, by key id. The active key encrypts; every key in the ring
 * decrypts, so a key is rotated by adding a new one, making it active, and removing the old one only once nothing
 * encrypted with it remains. Key material never shows itself ({@link #toString()} names the ids only).
 */
public final class KeyRing {

    /** Where the keys are configured: {@code signchain.protection.keys.<id>=<base64 of 32 bytes>}. */
    public static final String KEYS_PROPERTY = "signchain.protection.keys";

    /** Which key encrypts; required when the ring holds more than one. */
    public static final String ACTIVE_KEY_PROPERTY = "signchain.protection.active-key";

    /**
     * Lower-case letters and digits: a key id travels with every ciphertext, and must survive an environment
     * variable's name ({@code SIGNCHAIN_PROTECTION_KEYS_<ID>}) and the ciphertext's own separators.
     */
    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9]{1,32}");

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    private KeyRing(Map<String, SecretKey> keys, String activeKeyId) {
        this.keys = keys;
        this.activeKeyId = activeKeyId;
    }

    /**
     * The ring from configuration.
     *
     * @param base64Keys  key id → base64 of a 256-bit key
     * @param activeKeyId the key that encrypts; may be null or blank when there is exactly one key
     * @throws IllegalArgumentException naming the property at fault, never quoting a key
     */
    public static KeyRing of(Map<String, String> base64Keys, String activeKeyId) {
        if (base64Keys == null || base64Keys.isEmpty()) {
            throw new IllegalArgumentException("no encryption keys: set " + KEYS_PROPERTY + ".<id> to the base64 of a"
                    + " random 32-byte key (environment: SIGNCHAIN_PROTECTION_KEYS_<ID>)");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        base64Keys.forEach((id, base64) -> {
            if (id == null || !KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        KEYS_PROPERTY + ": a key id is 1 to 32 lower-case letters and digits");
            }
            keys.put(id, aesKey(KEYS_PROPERTY + "." + id, base64));
        });
        String active = activeKeyId == null || activeKeyId.isBlank() ? null : activeKeyId.strip();
        if (active == null) {
            if (keys.size() != 1) {
                throw new IllegalArgumentException(
                        "several encryption keys: set " + ACTIVE_KEY_PROPERTY + " to the id of the one that encrypts");
            }
            active = keys.keySet().iterator().next();
        } else if (!keys.containsKey(active)) {
            throw new IllegalArgumentException(
                    ACTIVE_KEY_PROPERTY + " names key '" + active + "', which is not in " + KEYS_PROPERTY);
        }
        return new KeyRing(Collections.unmodifiableMap(keys), active);
    }

    /** A 256-bit key from its base64 (standard or URL-safe alphabet). */
    static SecretKey aesKey(String property, String base64) {
        byte[] bytes = decode(property, base64);
        if (bytes.length != 32) {
            throw new IllegalArgumentException(
                    property + " must be the base64 of 32 bytes (AES-256), not of " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    static byte[] decode(String property, String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException(property + " is empty");
        }
        String value = base64.strip();
        try {
            return value.indexOf('-') >= 0 || value.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(value)
                    : Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException(property + " is not base64");
        }
    }

    /** The id of the key that encrypts. */
    public String activeKeyId() {
        return activeKeyId;
    }

    SecretKey activeKey() {
        return keys.get(activeKeyId);
    }

    /**
     * The key with this id.
     *
     * @throws UnknownKeyException when the ring has no such key (removed too early, or another deployment's data)
     */
    SecretKey key(String keyId) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new UnknownKeyException(keyId);
        }
        return key;
    }

    public Set<String> keyIds() {
        return keys.keySet();
    }

    @Override
    public String toString() {
        return "KeyRing" + keys.keySet() + " active=" + activeKeyId;
    }

    /** Data encrypted with a key this ring does not hold: it cannot be read, and that is said clearly. */
    public static final class UnknownKeyException extends IllegalStateException {
        UnknownKeyException(String keyId) {
            super("data was encrypted with key '" + safe(keyId) + "', which is not in the key ring (" + KEYS_PROPERTY
                    + "): add that key back, or the data stays unreadable");
        }

        private static String safe(String keyId) {
            return keyId != null && KEY_ID.matcher(keyId).matches() ? keyId : "(malformed id)";
        }
    }
}
