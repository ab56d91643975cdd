package no.signchain.activities.posten;

import java.net.URI;

/**
 * A created portal job: what to store so the job can be found again and cancelled after a restart. No personal data.
 *
 * @param jobId           Posten's signature job id
 * @param contractId      the job's reference
 * @param cancellationUrl where a cancel goes
 */
public record PostenJobHandle(long jobId, String contractId, URI cancellationUrl) {}
