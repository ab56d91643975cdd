package no.signchain.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes a repeated request the same request, as a hex SHA-256 over its fields in order: each field
 * length-prefixed (null marked apart from empty) so that no two different requests encode alike. A stored fingerprint
 * must keep its bytes, so the encoding never changes; a request's fields change under a new version string instead.
 */
public final class RequestFingerprint {

    private final MessageDigest sha256;

    private RequestFingerprint(String version) {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        field(version);
    }

    public static RequestFingerprint of(String version) {
        return new RequestFingerprint(version);
    }

    public RequestFingerprint field(String value) {
        if (value == null) {
            sha256.update((byte) 0);
            return this;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update((byte) 1);
        sha256.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) ':');
        sha256.update(bytes);
        return this;
    }

    public String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
