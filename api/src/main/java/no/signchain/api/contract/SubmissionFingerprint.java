package no.signchain.api.contract;

import no.signchain.store.RequestFingerprint;
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
     * Hex SHA-256 over the fields ({@link RequestFingerprint}). Version 2 adds the reminder schedule.
     */
    static String of(NewContract contract, String documentSha256) {
        return common(contract, documentSha256, "signchain-submission-v2")
                .field(contract.reminders().firstAfter() + "/"
                        + contract.reminders().every() + "/"
                        + contract.reminders().max())
                .hex();
    }

    /**
     * Whether a stored fingerprint is this submission's: the current version, or version 1 for contracts stored before
     * reminders existed, so that a business system retrying such a submission still gets its contract.
     */
    static boolean matches(String stored, NewContract contract, String documentSha256) {
        return stored.equals(of(contract, documentSha256))
                || stored.equals(common(contract, documentSha256, "signchain-submission-v1")
                        .hex());
    }

    private static RequestFingerprint common(NewContract contract, String documentSha256, String version) {
        RequestFingerprint fingerprint = RequestFingerprint.of(version);
        fingerprint.field(contract.title());
        fingerprint.field(contract.externalRef());
        fingerprint.field(Integer.toString(contract.signers().size()));
        for (NewSigner signer : contract.signers()) {
            fingerprint.field(signer.name());
            fingerprint.field(signer.nationalId().digits());
            fingerprint.field(signer.email());
            fingerprint.field(signer.mobile());
            fingerprint.field(
                    signer.deadline() == null ? null : signer.deadline().toString());
        }
        fingerprint.field(documentSha256);
        // Only when given, so that contracts stored before callbacks existed keep their fingerprints.
        if (contract.callbackUrl() != null) {
            fingerprint.field("callbackUrl");
            fingerprint.field(contract.callbackUrl());
        }
        // Only for another provider than the first, so that contracts stored before the choice keep theirs.
        if (!NewContract.FIRST_PROVIDER.equals(contract.provider())) {
            fingerprint.field("provider");
            fingerprint.field(contract.provider());
        }
        return fingerprint;
    }
}
