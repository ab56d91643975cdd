package no.signchain.activities.posten;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.signchain.activities.provider.ProviderFailures;
import no.signchain.activities.signing.LivenessHeartbeat;
import no.signchain.activities.verification.SignedRevisions;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NationalId;
import no.signchain.store.document.DocumentVersions;
import no.signchain.store.job.ProviderJobs;
import no.signchain.workflows.contract.DocumentVersionRef;
import no.signchain.workflows.job.CreatedJob;
import no.signchain.workflows.job.JobOrder;
import no.signchain.workflows.job.OrderedJobActivities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract workflow's ordered-job activities at Posten signering: one portal job per contract, created once,
 * cancelled on request, and its signed PDF kept as one document version per signature.
 *
 * <p>Signers' national identity numbers are read from signchain's database here, never passed through Temporal.
 */
public class PostenJobActivities implements OrderedJobActivities {

    /** The provider's name in contracts, {@code signchain.providers.enabled} and the job table. */
    public static final String PROVIDER = "posten";

    private static final Logger log = LoggerFactory.getLogger(PostenJobActivities.class);

    /** Null when Posten is not configured on this worker. */
    private final PostenPortalJobs posten;

    private final ProviderJobs jobs;
    private final ContractRepository contracts;
    private final DocumentVersions documents;

    public PostenJobActivities(
            PostenPortalJobs posten, ProviderJobs jobs, ContractRepository contracts, DocumentVersions documents) {
        this.posten = posten;
        this.jobs = jobs;
        this.contracts = contracts;
        this.documents = documents;
    }

    @Override
    public CreatedJob createJob(JobOrder order) {
        var stored = jobs.job(order.contractId());
        if (stored.isPresent()) {
            // An earlier attempt created it and its answer was lost to us only after we stored it.
            return new CreatedJob(stored.get().jobRef());
        }
        PostenPortalJobs at = posten();
        List<NationalId> signers = new ArrayList<>();
        for (int index = 1; index <= order.signerCount(); index++) {
            signers.add(contracts.signer(order.contractId(), index).nationalId());
        }
        String title = contracts.title(order.contractId());
        PostenJobOrder job =
                new PostenJobOrder(order.contractId(), title, null, title, signers, order.availableUntil());
        if (!order.availableUntil().isAfter(Instant.now())) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "the job's deadline " + order.availableUntil() + " has passed already", "DeadlinePassed");
        }
        Path document = documents.exportToTempFile(order.document());
        // A heartbeat while Posten takes the job: the activity's heartbeat timeout must not retry a create that is
        // only slow, since each retry Posten answers would be a second job.
        try (LivenessHeartbeat alive = LivenessHeartbeat.start()) {
            PostenJobHandle created = ProviderFailures.translated(() -> at.create(job, document));
            ProviderJobs.Job kept = jobs.store(new ProviderJobs.Job(
                    order.contractId(),
                    PROVIDER,
                    Long.toString(created.jobId()),
                    created.cancellationUrl() == null
                            ? null
                            : created.cancellationUrl().toString()));
            log.info(
                    "Contract {}: Posten job {} created for {} signers",
                    order.contractId(),
                    kept.jobRef(),
                    signers.size());
            return new CreatedJob(kept.jobRef());
        } finally {
            deleteQuietly(document);
        }
    }

    @Override
    public boolean cancelJob(String contractId, String jobRef) {
        ProviderJobs.Job job = jobs.job(contractId)
                .filter(j -> j.jobRef().equals(jobRef))
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                        "contract " + contractId + " has no job " + jobRef, "UnknownJob"));
        if (job.cancellationUrl() == null) {
            return false; // the provider said it can no longer be cancelled
        }
        PostenPortalJobs at = posten();
        return ProviderFailures.translated(() ->
                at.cancel(new PostenJobHandle(Long.parseLong(jobRef), contractId, URI.create(job.cancellationUrl()))));
    }

    @Override
    public DocumentVersionRef collectJobDocument(String contractId, String jobRef, int signerCount) {
        DocumentVersionRef last = new DocumentVersionRef(contractId, signerCount);
        if (documents.find(last).isPresent()) {
            return last;
        }
        ProviderJobs.Job job = jobs.job(contractId)
                .filter(j -> j.jobRef().equals(jobRef))
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                        "contract " + contractId + " has no job " + jobRef, "UnknownJob"));
        if (job.signedDocumentUrl() == null) {
            // The workflow heard of the completion from the poller, which notes the address before it signals.
            throw ApplicationFailure.newFailure(
                    "job " + jobRef + " has no signed document noted yet", "SignedDocumentNotReady");
        }
        PostenPortalJobs at = posten();
        try (LivenessHeartbeat alive = LivenessHeartbeat.start()) {
            Path signed = Files.createTempFile("signchain-" + contractId + "-job-", ".pdf");
            try {
                try (OutputStream out = Files.newOutputStream(signed)) {
                    ProviderFailures.translated(() -> {
                        at.downloadSignedDocument(URI.create(job.signedDocumentUrl()), out);
                        return null;
                    });
                }
                storeRevisions(contractId, signed, signerCount);
                return last;
            } finally {
                deleteQuietly(signed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Version k is the signed PDF as it stood once signer k had signed, with that signature's validation data (see
     * {@link SignedRevisions}), which the chain's verification checks against version k-1 as it does a re-upload
     * chain's.
     */
    private void storeRevisions(String contractId, Path signed, int signerCount) throws IOException {
        List<Long> ends;
        try {
            ends = SignedRevisions.revisionEnds(signed, signerCount);
        } catch (IllegalArgumentException e) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "the job's signed document does not hold " + signerCount + " signatures in turn: "
                            + NationalId.redact(e.getMessage()),
                    "SignedDocumentMalformed");
        }
        for (int version = 1; version <= signerCount; version++) {
            DocumentVersionRef ref = new DocumentVersionRef(contractId, version);
            if (documents.find(ref).isPresent()) {
                continue;
            }
            Path revision = Files.createTempFile("signchain-" + contractId + "-v" + version + "-", ".pdf");
            try {
                SignedRevisions.writeRevision(signed, ends.get(version - 1), revision);
                documents.store(ref, version, "application/pdf", revision);
            } finally {
                deleteQuietly(revision);
            }
        }
    }

    private PostenPortalJobs posten() {
        if (posten == null) {
            throw ApplicationFailure.newFailure(
                    "signing provider posten is not configured on this worker", "ProviderNotConfigured");
        }
        return posten;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete temporary file {}", file, e);
        }
    }
}
