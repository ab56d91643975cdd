package no.signchain.workflows.job;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import no.signchain.workflows.contract.DocumentVersionRef;

/**
 * What the contract workflow asks of a provider that orders signers itself (Posten signering): one job for the whole
 * contract, whose signers the provider opens one after the other. Status comes back through {@link JobStatusChange}
 * signals from the sender's poller, not from reads by the workflow.
 */
@ActivityInterface
public interface OrderedJobActivities {

    /**
     * Creates the contract's job with every signer in order and stores its handle in signchain's database. The
     * provider's create is not idempotent (and a job cannot be found by reference), so an implementation first looks
     * for a handle stored by an earlier attempt and returns that one.
     */
    @ActivityMethod
    CreatedJob createJob(JobOrder order);

    /** Cancels the job; false when it had already ended at the provider. */
    @ActivityMethod
    boolean cancelJob(String contractId, String jobRef);

    /**
     * Downloads the completed job's signed PDF and stores it as document versions 1..signerCount, version k the
     * revision that ends with signer k's signature, so each version can be verified against the one before it like
     * a chain's. Returns the last version. Storing twice yields the same versions.
     */
    @ActivityMethod
    DocumentVersionRef collectJobDocument(String contractId, String jobRef, int signerCount);
}
