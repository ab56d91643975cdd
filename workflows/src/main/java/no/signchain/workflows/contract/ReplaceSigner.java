package no.signchain.workflows.contract;

/**
 * Puts another person in a signer's place before they have signed. The person's name and national identity number
 * never enter Temporal: the API stores them as a pending replacement and names it here.
 *
 * @param replacementId the pending replacement in signchain's database
 */
public record ReplaceSigner(int signerIndex, String replacementId, String actor) {}
