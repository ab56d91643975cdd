package no.signchain.protection;

import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The key ring, the envelopes, the keyed hash and Temporal's data converter for every signchain process (api,
 * worker, the all-in-one app), from {@code signchain.protection.*}:
 * <ul>
 *   <li>{@code keys.<id>}: base64 of a 32-byte AES key, one entry per key (environment:
 *       {@code SIGNCHAIN_PROTECTION_KEYS_<ID>});</li>
 *   <li>{@code active-key}: the id of the key that encrypts (required with more than one key);</li>
 *   <li>{@code hash-key}: base64 of at least 32 bytes, the HMAC key for equality lookups;</li>
 *   <li>{@code dev-keys}: {@code true} only in the all-in-one app: without any of the above, fixed, published
 *       development keys, with a warning. Otherwise a process without keys refuses to start.</li>
 * </ul>
 * Every process that shares a database or a Temporal namespace must have the same keys.
 */
@Configuration(proxyBeanMethods = false)
public class ProtectionConfiguration {

    public static final String DEV_KEYS_PROPERTY = "signchain.protection.dev-keys";
    public static final String DEV_KEY_ID = "dev";

    private static final Logger log = LoggerFactory.getLogger(ProtectionConfiguration.class);

    @Bean
    ProtectionKeys protectionKeys(Environment env) {
        // A blank entry is an empty slot (a deployment template's place for the next key), not a key.
        Map<String, String> keys = new LinkedHashMap<>();
        Binder.get(env)
                .bind(KeyRing.KEYS_PROPERTY, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of())
                .forEach((id, key) -> {
                    if (key != null && !key.isBlank()) {
                        keys.put(id, key);
                    }
                });
        String active = env.getProperty(KeyRing.ACTIVE_KEY_PROPERTY);
        String hashKey = env.getProperty(KeyedHash.HASH_KEY_PROPERTY);
        boolean configured = !keys.isEmpty() || (hashKey != null && !hashKey.isBlank());
        if (!configured && env.getProperty(DEV_KEYS_PROPERTY, Boolean.class, false)) {
            log.warn("""

                    ************************************************************************************************
                      DEVELOPMENT ENCRYPTION KEYS: personal data and Temporal payloads are encrypted with fixed keys
                      published in signchain's source code. For local use only, never with real personal data.
                      Configure {}.<id>, {} and {} for anything else.
                    ************************************************************************************************""", KeyRing.KEYS_PROPERTY, KeyRing.ACTIVE_KEY_PROPERTY, KeyedHash.HASH_KEY_PROPERTY);
            return new ProtectionKeys(
                    KeyRing.of(Map.of(DEV_KEY_ID, devKey("signchain development encryption key")), DEV_KEY_ID),
                    KeyedHash.ofBase64(devKey("signchain development hash key")),
                    true);
        }
        try {
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("no encryption keys: set " + KeyRing.KEYS_PROPERTY
                        + ".<id> (environment SIGNCHAIN_PROTECTION_KEYS_<ID>) to the base64 of a random 32-byte key,"
                        + " e.g. `openssl rand -base64 32`");
            }
            if (hashKey == null || hashKey.isBlank()) {
                throw new IllegalArgumentException("no hash key: set " + KeyedHash.HASH_KEY_PROPERTY
                        + " (environment SIGNCHAIN_PROTECTION_HASH_KEY) to the base64 of a random 32-byte key");
            }
            return new ProtectionKeys(KeyRing.of(keys, active), KeyedHash.ofBase64(hashKey), false);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Personal data cannot be protected: " + e.getMessage()
                    + ". Every api and worker process sharing a database or Temporal namespace needs the same keys.");
        }
    }

    @Bean
    KeyRing keyRing(ProtectionKeys keys) {
        log.info("Personal data and Temporal payloads encrypted with {}", keys.ring());
        return keys.ring();
    }

    @Bean
    Aead aead(KeyRing keys) {
        return new Aead(keys);
    }

    @Bean
    SealedText sealedText(Aead aead) {
        return new SealedText(aead);
    }

    @Bean
    KeyedHash keyedHash(ProtectionKeys keys) {
        return keys.hash();
    }

    @Bean
    EncryptionCodec encryptionCodec(Aead aead) {
        return new EncryptionCodec(aead);
    }

    /**
     * Temporal's default conversion with every payload, and failures' messages and stack traces, encrypted. The
     * Temporal Spring Boot starter uses it for the workers and the workflow client.
     */
    @Bean
    DataConverter mainDataConverter(EncryptionCodec codec) {
        return dataConverter(codec);
    }

    /** The data converter signchain's Temporal clients and workers use, for code outside Spring too. */
    public static DataConverter dataConverter(EncryptionCodec codec) {
        return new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(codec), true);
    }

    /** A fixed 32-byte key derived from a public label: the same in every process and run, and secret from no one. */
    private static String devKey(String label) {
        try {
            return Base64.getEncoder()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The configured key ring and hash key.
     *
     * @param development whether they are the published development keys
     */
    public record ProtectionKeys(KeyRing ring, KeyedHash hash, boolean development) {}
}
