package no.signchain.store.testing;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import no.signchain.protection.Aead;
import no.signchain.protection.KeyRing;
import no.signchain.protection.KeyedHash;
import no.signchain.protection.SealedText;
import no.signchain.store.contract.PersonalData;

/** Personal data protection with fresh random keys, for tests that build the store by hand. */
public final class TestPersonalData {

    private TestPersonalData() {}

    public static PersonalData withRandomKeys() {
        return with(Map.of("test", randomKey()), "test", randomKey());
    }

    public static PersonalData with(Map<String, String> keys, String activeKeyId, String hashKey) {
        return new PersonalData(new SealedText(new Aead(KeyRing.of(keys, activeKeyId))), KeyedHash.ofBase64(hashKey));
    }

    /** Encryption under a random key, as the store's document chunks need it. */
    public static Aead randomAead() {
        return new Aead(KeyRing.of(Map.of("test", randomKey()), "test"));
    }

    public static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
