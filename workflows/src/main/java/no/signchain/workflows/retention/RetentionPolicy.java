package no.signchain.workflows.retention;

import java.time.Duration;

/**
 * How long an ended contract's documents and personal data are kept, and how many contracts one activity erases.
 *
 * @param afterEnd  kept this long after the contract ended (its last change)
 * @param batchSize contracts erased per activity: one transaction each, the batch a short activity
 */
public record RetentionPolicy(Duration afterEnd, int batchSize) {}
