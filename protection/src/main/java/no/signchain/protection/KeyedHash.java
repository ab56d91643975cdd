package no.signchain.protection;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with a key of its own, for equality lookups on encrypted values (a national identity number's hash
 * finds the same person without the database ever seeing the number). Keyed, so the hash of an 11-digit number
 * cannot be reversed by trying all of them without the key. The key is not rotated: every stored hash would have to
 * be recomputed from the decrypted values.
 */
public final class KeyedHash {

    /** Where its key is configured: base64 of at least 32 bytes. */
    public static final String HASH_KEY_PROPERTY = "signchain.protection.hash-key";

    private final SecretKeySpec key;

    public KeyedHash(byte[] key) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException(HASH_KEY_PROPERTY + " must be the base64 of at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** From configuration: the base64 of the key. */
    public static KeyedHash ofBase64(String base64) {
        return new KeyedHash(KeyRing.decode(HASH_KEY_PROPERTY, base64));
    }

    /**
     * The hash of a value for one purpose, in lower-case hex; the purpose is hashed with it, so equal values of
     * different kinds hash differently. Null stays null.
     */
    public String of(String purpose, String value) {
        if (value == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 failed", e);
        }
    }

    @Override
    public String toString() {
        return "KeyedHash[HmacSHA256]";
    }
}
