package no.signchain.activities.verification;

import java.nio.file.Path;
import no.signchain.store.contract.NationalId;

/**
 * A version to verify and what it must show.
 *
 * @param previous   version k−1's file
 * @param current    version k's file, from signer k's session
 * @param signer     signer k's national identity number, compared and never shown
 * @param providerSays whom the provider says signed, if it says (null otherwise)
 */
record SignedVersion(
        String contractId,
        int version,
        int signerIndex,
        Path previous,
        Path current,
        NationalId signer,
        NationalId providerSays) {}
