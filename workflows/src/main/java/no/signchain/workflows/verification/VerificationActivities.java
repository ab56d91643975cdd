package no.signchain.workflows.verification;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import no.signchain.workflows.contract.DocumentVersionRef;
import no.signchain.workflows.signing.SignerStep;

/**
 * Checks each signed version before the chain goes on: a contract is only as good as its weakest signature, and the
 * next signer must never be asked to sign on top of a version that cannot be relied on.
 */
@ActivityInterface
public interface VerificationActivities {

    /**
     * Verifies the version signer {@code step}'s session produced against the version before it: an incremental
     * update of it, one more signature, every signature intact, the newest covering the whole document, no changes
     * after earlier signatures but signature additions, the newest signature made by this step's signer, at the
     * required level. Keeps the report with the version. A check that fails is a verdict, not an error: the
     * activity fails only when it cannot check (and is then retried).
     *
     * @param sessionRef the session that produced the version, for what its provider says about who signed
     */
    @ActivityMethod
    VersionVerification verifySignedVersion(SignerStep step, String sessionRef, DocumentVersionRef version);
}
