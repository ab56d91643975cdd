package no.signchain.api.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import no.signchain.store.contract.NewContract;
import no.signchain.store.contract.NewSigner;

/**
 * What makes two submissions the same request: the validated contract (title, reference, signers in order with their
 * details and deadlines, callback URL) and the document's SHA-256. A retry under the same reference or idempotency key must match
 * the first submission; anything else is another contract wearing a used reference.
 */
final class SubmissionFingerprint {

    private SubmissionFingerprint() {}

    /**
     * Hex SHA-256; each field length-prefixed so that no two different submissions encode alike. Version 2 adds the
     * reminder schedule.
     */
    static String of(NewContract contract, String documentSha256) {
        MessageDigest sha256 = common(contract, documentSha256, "signchain-submission-v2");
        field(
                sha256,
                contract.reminders().firstAfter() + "/" + contract.reminders().every() + "/"
                        + contract.reminders().max());
        return HexFormat.of().formatHex(sha256.digest());
    }

    /**
     * Whether a stored fingerprint is this submission's: the current version, or version 1 for contracts stored before
     * reminders existed, so that a business system retrying such a submission still gets its contract.
     */
    static boolean matches(String stored, NewContract contract, String documentSha256) {
        return stored.equals(of(contract, documentSha256))
                || stored.equals(HexFormat.of()
                        .formatHex(common(contract, documentSha256, "signchain-submission-v1")
                                .digest()));
    }

    private static MessageDigest common(NewContract contract, String documentSha256, String version) {
        MessageDigest sha256 = sha256();
        field(sha256, version);
        field(sha256, contract.title());
        field(sha256, contract.externalRef());
        field(sha256, Integer.toString(contract.signers().size()));
        for (NewSigner signer : contract.signers()) {
            field(sha256, signer.name());
            field(sha256, signer.nationalId().digits());
            field(sha256, signer.email());
            field(sha256, signer.mobile());
            field(sha256, signer.deadline() == null ? null : signer.deadline().toString());
        }
        field(sha256, documentSha256);
        // Only when given, so that contracts stored before callbacks existed keep their fingerprints.
        if (contract.callbackUrl() != null) {
            field(sha256, "callbackUrl");
            field(sha256, contract.callbackUrl());
        }
        // Only for another provider than the first, so that contracts stored before the choice keep theirs.
        if (!NewContract.FIRST_PROVIDER.equals(contract.provider())) {
            field(sha256, "provider");
            field(sha256, contract.provider());
        }
        return sha256;
    }

    private static void field(MessageDigest digest, String value) {
        if (value == null) {
            digest.update((byte) 0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) 1);
        digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) ':');
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
