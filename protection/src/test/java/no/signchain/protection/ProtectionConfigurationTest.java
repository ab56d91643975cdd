package no.signchain.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Keys from configuration: production processes refuse to start without them; the all-in-one app uses DEV keys. */
class ProtectionConfigurationTest {

    private final ProtectionConfiguration configuration = new ProtectionConfiguration();

    @Test
    void withoutKeysAProductionProcessRefusesToStartNamingTheProperty() {
        assertThatThrownBy(() -> configuration.protectionKeys(env(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signchain.protection.keys.<id>")
                .hasMessageContaining("SIGNCHAIN_PROTECTION_KEYS_<ID>");
        assertThatThrownBy(() -> configuration.protectionKeys(env(Map.of("signchain.protection.keys.k1", key()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signchain.protection.hash-key");
        // Development keys only where asked for, and never beside half a configuration.
        assertThatThrownBy(() -> configuration.protectionKeys(
                        env(Map.of("signchain.protection.dev-keys", "true", "signchain.protection.hash-key", key()))))
                .hasMessageContaining("signchain.protection.keys");
    }

    @Test
    void theAllInOneAppFallsBackToFixedDevelopmentKeys() {
        var first = configuration.protectionKeys(env(Map.of("signchain.protection.dev-keys", "true")));
        var second = configuration.protectionKeys(env(Map.of("signchain.protection.dev-keys", "true")));
        assertThat(first.ring().activeKeyId()).isEqualTo("dev");
        assertThat(first.development()).isTrue();
        // The same in every process and run: one process's ciphertext opens in another.
        String sealed = new SealedText(new Aead(first.ring())).seal("national_id", "06046517928");
        assertThat(new SealedText(new Aead(second.ring())).open("national_id", sealed))
                .isEqualTo("06046517928");
        assertThat(first.hash().of("national_id", "06046517928"))
                .isEqualTo(second.hash().of("national_id", "06046517928"));
    }

    @Test
    void keysComeFromEnvironmentVariablesAsDeployedWithRotation() {
        String k1 = key();
        String k2 = key();
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource(
                        "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of(
                                "SIGNCHAIN_PROTECTION_KEYS_K2026A",
                                k1,
                                "SIGNCHAIN_PROTECTION_KEYS_K2026B",
                                k2,
                                "SIGNCHAIN_PROTECTION_ACTIVE_KEY",
                                "k2026b",
                                "SIGNCHAIN_PROTECTION_HASH_KEY",
                                key())));
        var keys = configuration.protectionKeys(env);
        assertThat(keys.ring().keyIds()).containsExactlyInAnyOrder("k2026a", "k2026b");
        assertThat(keys.ring().activeKeyId()).isEqualTo("k2026b");
        assertThat(keys.development()).isFalse();
    }

    private static StandardEnvironment env(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }

    private static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
