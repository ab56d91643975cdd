package no.signchain.protection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM envelopes under a {@link KeyRing}: a random 96-bit nonce per encryption, a 128-bit tag, and the key id
 * carried beside the ciphertext. The key id and a purpose ("national_id", "temporal-payload") are authenticated as
 * associated data, so a ciphertext neither decrypts under another key id nor passes for another purpose's.
 * The JDK's {@code javax.crypto} does the cryptography.
 */
public final class Aead {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing keys;
    private final SecureRandom random = new SecureRandom();

    public Aead(KeyRing keys) {
        this.keys = keys;
    }

    /** What {@link #encrypt} made: the key id, and the nonce followed by the ciphertext and its tag. */
    public record Sealed(String keyId, byte[] nonceAndCiphertext) {}

    /** Encrypts with the active key. */
    public Sealed encrypt(byte[] plaintext, String purpose) {
        String keyId = keys.activeKeyId();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.activeKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(keyId, purpose));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return new Sealed(
                    keyId,
                    ByteBuffer.allocate(NONCE_BYTES + ciphertext.length)
                            .put(nonce)
                            .put(ciphertext)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts with the key the envelope names.
     *
     * @throws KeyRing.UnknownKeyException when the ring does not hold that key
     * @throws TamperedException when the ciphertext, nonce, key id or purpose is not what was encrypted
     */
    public byte[] decrypt(Sealed sealed, String purpose) {
        byte[] data = sealed.nonceAndCiphertext();
        if (data == null || data.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new TamperedException();
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    keys.key(sealed.keyId()),
                    new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(sealed.keyId(), purpose));
            return cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new TamperedException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    public KeyRing keyRing() {
        return keys;
    }

    private static byte[] associatedData(String keyId, String purpose) {
        return ("signchain/v1/" + keyId + "/" + purpose).getBytes(StandardCharsets.UTF_8);
    }

    /** A ciphertext that does not authenticate: changed, truncated, or moved to another key id or purpose. */
    public static final class TamperedException extends IllegalStateException {
        TamperedException() {
            super(
                    "encrypted data does not authenticate (AES-GCM tag mismatch): it was changed, or is not what it claims"
                            + " to be");
        }
    }
}
