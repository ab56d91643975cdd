package no.signchain.workflows.retention;

/**
 * What one batch of the cleanup did.
 *
 * @param found  contracts past their retention that the batch looked at (the batch size when more may be waiting)
 * @param erased those it erased (fewer when an erasure through the API got there first)
 */
public record ErasedBatch(int found, int erased) {}
