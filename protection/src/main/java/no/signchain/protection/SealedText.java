package no.signchain.protection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Text encrypted for a database column: {@code enc1:<key id>:<base64url of nonce, ciphertext and tag>}. What a
 * column holds is recognisable as encrypted (so rows from before encryption can be found and encrypted) and names
 * its key (so rotation needs no second column).
 */
public final class SealedText {

    static final String PREFIX = "enc1:";

    private final Aead aead;

    public SealedText(Aead aead) {
        this.aead = aead;
    }

    /** The value encrypted for {@code purpose} with the active key; null stays null. */
    public String seal(String purpose, String plaintext) {
        if (plaintext == null) {
            return null;
        }
        Aead.Sealed sealed = aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), purpose);
        return PREFIX + sealed.keyId() + ":"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed.nonceAndCiphertext());
    }

    /**
     * The plaintext of a value {@link #seal} made for the same purpose; null stays null.
     *
     * @throws IllegalStateException when it is not such a value, its key is not in the ring, or it was tampered with
     *                               (the message never quotes the value)
     */
    public String open(String purpose, String stored) {
        if (stored == null) {
            return null;
        }
        if (!isSealed(stored)) {
            throw new IllegalStateException("a " + purpose + " value is stored unencrypted");
        }
        int colon = stored.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new Aead.TamperedException();
        }
        byte[] data;
        try {
            data = Base64.getUrlDecoder().decode(stored.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new Aead.TamperedException();
        }
        byte[] plaintext = aead.decrypt(new Aead.Sealed(stored.substring(PREFIX.length(), colon), data), purpose);
        return new String(plaintext, StandardCharsets.UTF_8);
    }

    /** Whether a stored value is one {@link #seal} made (rather than text from before encryption). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** The id of the key a sealed value was encrypted with. */
    public static String keyIdOf(String stored) {
        int colon = stored.indexOf(':', PREFIX.length());
        return colon < 0 ? "" : stored.substring(PREFIX.length(), colon);
    }
}
