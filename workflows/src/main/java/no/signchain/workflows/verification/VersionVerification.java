package no.signchain.workflows.verification;

import java.util.List;

/**
 * The verdict on one signed version, as the workflow and its history see it. Names no person and no identity
 * number; the full report is kept with the version in signchain's database.
 *
 * @param passed         whether the chain may go on from this version
 * @param failure        when it may not, why, in words an operator can act on ("signature 2 belongs to someone other
 *                       than signer 2")
 * @param signatureLevel the newest signature's level as DSS found it, e.g. {@code PAdES-BASELINE-LT}
 * @param checks         what was checked, in order, each as a short sentence with its outcome
 */
public record VersionVerification(boolean passed, String failure, String signatureLevel, List<String> checks) {
    public VersionVerification {
        checks = List.copyOf(checks);
    }
}
