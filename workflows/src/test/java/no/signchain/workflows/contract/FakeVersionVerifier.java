package no.signchain.workflows.contract;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import no.signchain.workflows.signing.SignerStep;
import no.signchain.workflows.verification.VerificationActivities;
import no.signchain.workflows.verification.VersionVerification;

/** Passes every version unless told that one signer's version fails, and notes which versions it was asked about. */
final class FakeVersionVerifier implements VerificationActivities {

    private final Map<Integer, String> failures = new ConcurrentHashMap<>();
    final List<DocumentVersionRef> verified = Collections.synchronizedList(new ArrayList<>());

    FakeVersionVerifier failVersionOf(int signerIndex, String failure) {
        failures.put(signerIndex, failure);
        return this;
    }

    @Override
    public VersionVerification verifySignedVersion(SignerStep step, String sessionRef, DocumentVersionRef version) {
        verified.add(version);
        String failure = failures.get(step.signerIndex());
        return failure == null
                ? new VersionVerification(true, null, "PAdES-BASELINE-LT", List.of("all checks passed"))
                : new VersionVerification(false, failure, "PAdES-BASELINE-LT", List.of(failure));
    }
}
