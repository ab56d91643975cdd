package no.signchain.workflows.retention;

import java.time.Instant;

/**
 * What a cleanup run did.
 *
 * @param endedBefore contracts that ended before this were due
 * @param erased      how many this run erased
 */
public record RetentionOutcome(Instant endedBefore, int erased) {}
