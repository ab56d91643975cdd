package no.signchain.protection;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Temporal's payloads (workflow and activity inputs and results, signals, updates, memos, summaries, failures'
 * details) encrypted with AES-256-GCM under the {@link KeyRing}: a whole payload, its metadata included, becomes the
 * data of a payload whose metadata says {@code encoding: binary/encrypted} and {@code encryption-key-id: <id>}.
 * Payloads it did not encrypt (histories recorded before it, or written by another client) pass through as they are,
 * so running contracts and recorded histories still replay.
 */
public final class EncryptionCodec implements PayloadCodec {

    public static final String ENCODING = "binary/encrypted";
    public static final String KEY_ID_METADATA = "encryption-key-id";
    static final String PURPOSE = "temporal-payload";

    private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

    private final Aead aead;

    public EncryptionCodec(Aead aead) {
        this.aead = aead;
    }

    @Override
    public List<Payload> encode(List<Payload> payloads) {
        return payloads.stream().map(this::encode).toList();
    }

    @Override
    public List<Payload> decode(List<Payload> payloads) {
        return payloads.stream().map(this::decode).toList();
    }

    private Payload encode(Payload payload) {
        if (isEncrypted(payload)) {
            return payload;
        }
        Aead.Sealed sealed = aead.encrypt(payload.toByteArray(), PURPOSE);
        return Payload.newBuilder()
                .putMetadata(EncodingKeys.METADATA_ENCODING_KEY, ENCODING_BYTES)
                .putMetadata(KEY_ID_METADATA, ByteString.copyFromUtf8(sealed.keyId()))
                .setData(ByteString.copyFrom(sealed.nonceAndCiphertext()))
                .build();
    }

    private Payload decode(Payload payload) {
        if (!isEncrypted(payload)) {
            return payload;
        }
        ByteString keyId = payload.getMetadataOrDefault(KEY_ID_METADATA, null);
        if (keyId == null) {
            throw new PayloadCodecException("an encrypted payload names no " + KEY_ID_METADATA);
        }
        byte[] plaintext;
        try {
            plaintext = aead.decrypt(
                    new Aead.Sealed(
                            keyId.toString(StandardCharsets.UTF_8),
                            payload.getData().toByteArray()),
                    PURPOSE);
        } catch (IllegalStateException e) {
            throw new PayloadCodecException(e.getMessage(), e);
        }
        try {
            return Payload.parseFrom(plaintext);
        } catch (InvalidProtocolBufferException e) {
            throw new PayloadCodecException("a decrypted payload is not a payload", e);
        }
    }

    /** Whether this codec (or one with the same keys) encrypted the payload. */
    public static boolean isEncrypted(Payload payload) {
        return ENCODING_BYTES.equals(payload.getMetadataOrDefault(EncodingKeys.METADATA_ENCODING_KEY, null));
    }
}
