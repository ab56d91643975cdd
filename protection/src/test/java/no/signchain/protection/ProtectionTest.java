package no.signchain.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtectionTest {

    private static final String NIN = "06046517928";

    private static final String KEY_A = randomKey();
    private static final String KEY_B = randomKey();

    @Test
    void encryptsWithTheActiveKeyAndDecryptsWithAnyAfterRotation() {
        SealedText withA = new SealedText(new Aead(KeyRing.of(Map.of("a", KEY_A), null)));
        String sealedByA = withA.seal("national_id", NIN);
        assertThat(sealedByA).startsWith("enc1:a:").doesNotContain(NIN);
        assertThat(withA.open("national_id", sealedByA)).isEqualTo(NIN);

        // Key B is added and made active: old ciphertext still opens, new ciphertext is B's.
        Map<String, String> both = new LinkedHashMap<>();
        both.put("a", KEY_A);
        both.put("b", KEY_B);
        SealedText withAB = new SealedText(new Aead(KeyRing.of(both, "b")));
        assertThat(withAB.open("national_id", sealedByA)).isEqualTo(NIN);
        String sealedByB = withAB.seal("national_id", NIN);
        assertThat(SealedText.keyIdOf(sealedByB)).isEqualTo("b");
        assertThat(withAB.open("national_id", sealedByB)).isEqualTo(NIN);

        // A is removed: B's ciphertext opens, A's fails and says which key is missing.
        SealedText withB = new SealedText(new Aead(KeyRing.of(Map.of("b", KEY_B), null)));
        assertThat(withB.open("national_id", sealedByB)).isEqualTo(NIN);
        assertThatThrownBy(() -> withB.open("national_id", sealedByA))
                .isInstanceOf(KeyRing.UnknownKeyException.class)
                .hasMessageContaining("key 'a'")
                .hasMessageContaining("signchain.protection.keys")
                .hasMessageNotContaining(NIN);
    }

    @Test
    void sameValueEncryptsDifferentlyEachTime() {
        SealedText text = new SealedText(new Aead(KeyRing.of(Map.of("a", KEY_A), null)));
        assertThat(text.seal("national_id", NIN)).isNotEqualTo(text.seal("national_id", NIN));
        assertThat(text.seal("email", null)).isNull();
        assertThat(text.open("email", null)).isNull();
    }

    @Test
    void detectsTamperingWithCiphertextKeyIdOrPurpose() {
        Map<String, String> both = Map.of("a", KEY_A, "b", KEY_B);
        SealedText text = new SealedText(new Aead(KeyRing.of(both, "a")));
        String sealed = text.seal("national_id", NIN);

        byte[] raw = Base64.getUrlDecoder().decode(sealed.substring("enc1:a:".length()));
        for (int i = 0; i < raw.length; i++) {
            byte[] flipped = raw.clone();
            flipped[i] ^= 0x01;
            String changed = "enc1:a:" + Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
            assertThatThrownBy(() -> text.open("national_id", changed))
                    .as("byte %d flipped", i)
                    .isInstanceOf(Aead.TamperedException.class);
        }
        assertThatThrownBy(() -> text.open("national_id", sealed.substring(0, sealed.length() - 4)))
                .isInstanceOf(Aead.TamperedException.class);
        assertThatThrownBy(() -> text.open("national_id", "enc1:b:" + sealed.substring("enc1:a:".length())))
                .isInstanceOf(Aead.TamperedException.class);
        assertThatThrownBy(() -> text.open("email", sealed)).isInstanceOf(Aead.TamperedException.class);
        assertThatThrownBy(() -> text.open("national_id", NIN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(NIN);
    }

    @Test
    void refusesBadConfigurationNamingThePropertyNeverTheKey() {
        assertThatThrownBy(() -> KeyRing.of(Map.of(), null)).hasMessageContaining("signchain.protection.keys");
        assertThatThrownBy(() -> KeyRing.of(Map.of("a", KEY_A, "b", KEY_B), null))
                .hasMessageContaining("signchain.protection.active-key");
        assertThatThrownBy(() -> KeyRing.of(Map.of("a", KEY_A), "c"))
                .hasMessageContaining("signchain.protection.active-key");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> KeyRing.of(Map.of("a", shortKey), null))
                .hasMessageContaining("signchain.protection.keys.a")
                .hasMessageContaining("32 bytes")
                .hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> KeyRing.of(Map.of("A_1", KEY_A), null)).hasMessageContaining("key id");
        assertThatThrownBy(() -> KeyedHash.ofBase64(shortKey)).hasMessageContaining("signchain.protection.hash-key");
        assertThat(KeyRing.of(Map.of("a", KEY_A), null).toString()).doesNotContain(KEY_A);
    }

    @Test
    void keyedHashIsStablePerKeyAndPurpose() {
        KeyedHash hash = KeyedHash.ofBase64(KEY_A);
        assertThat(hash.of("national_id", NIN))
                .isEqualTo(KeyedHash.ofBase64(KEY_A).of("national_id", NIN))
                .hasSize(64)
                .doesNotContain(NIN)
                .isNotEqualTo(hash.of("national_id", "11920287974"))
                .isNotEqualTo(hash.of("email", NIN))
                .isNotEqualTo(KeyedHash.ofBase64(KEY_B).of("national_id", NIN));
    }

    @Test
    void codecEncryptsPayloadsWithTheKeyIdInTheMetadataAndRotates() {
        EncryptionCodec codecA = new EncryptionCodec(new Aead(KeyRing.of(Map.of("a", KEY_A), null)));
        DataConverter converter = ProtectionConfiguration.dataConverter(codecA);
        Payload encoded = converter.toPayload("https://sign.example/" + NIN).orElseThrow();
        assertThat(encoded.getMetadataMap().get("encoding").toStringUtf8()).isEqualTo("binary/encrypted");
        assertThat(encoded.getMetadataMap().get("encryption-key-id").toStringUtf8())
                .isEqualTo("a");
        assertThat(encoded.toByteString().toString(StandardCharsets.ISO_8859_1)).doesNotContain(NIN);
        assertThat(converter.fromPayload(encoded, String.class, String.class)).isEqualTo("https://sign.example/" + NIN);

        EncryptionCodec codecAB = new EncryptionCodec(new Aead(KeyRing.of(Map.of("a", KEY_A, "b", KEY_B), "b")));
        assertThat(codecAB.decode(List.of(encoded)))
                .containsExactly(DefaultDataConverter.STANDARD_INSTANCE
                        .toPayload("https://sign.example/" + NIN)
                        .orElseThrow());
        assertThat(codecAB.encode(List.of(encoded)).get(0)).isSameAs(encoded); // already encrypted
        Payload byB = codecAB.encode(List.of(
                        DefaultDataConverter.STANDARD_INSTANCE.toPayload("x").orElseThrow()))
                .get(0);
        assertThat(byB.getMetadataMap().get("encryption-key-id").toStringUtf8()).isEqualTo("b");

        EncryptionCodec codecB = new EncryptionCodec(new Aead(KeyRing.of(Map.of("b", KEY_B), null)));
        assertThatThrownBy(() -> codecB.decode(List.of(encoded)))
                .isInstanceOf(PayloadCodecException.class)
                .hasMessageContaining("key 'a'");
        Payload tampered = encoded.toBuilder()
                .setData(encoded.getData().concat(ByteString.copyFrom(new byte[] {0})))
                .build();
        assertThatThrownBy(() -> codecA.decode(List.of(tampered))).isInstanceOf(PayloadCodecException.class);
    }

    @Test
    void codecPassesThroughWhatItDidNotEncrypt() {
        EncryptionCodec codec = new EncryptionCodec(new Aead(KeyRing.of(Map.of("a", KEY_A), null)));
        Payload plain = DefaultDataConverter.STANDARD_INSTANCE
                .toPayload("recorded before encryption")
                .orElseThrow();
        assertThat(codec.decode(List.of(plain))).containsExactly(plain);
        assertThat(ProtectionConfiguration.dataConverter(codec).fromPayload(plain, String.class, String.class))
                .isEqualTo("recorded before encryption");
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
