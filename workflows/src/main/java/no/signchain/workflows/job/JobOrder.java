package no.signchain.workflows.job;

import java.time.Instant;
import no.signchain.workflows.contract.DocumentVersionRef;

/**
 * The job to create: nothing personal. The activity looks the signers up in signchain's database by contract id.
 *
 * @param contractId     the contract, also the job's reference at the provider
 * @param signerCount    how many signers, in order 1..signerCount
 * @param document       the version the signers sign (the original)
 * @param availableUntil when the job expires at the provider
 */
public record JobOrder(String contractId, int signerCount, DocumentVersionRef document, Instant availableUntil) {}
