package no.signchain.workflows.contract;

/** A reminder now, to the signer whose turn it is. */
public record RemindSigner(int signerIndex, String actor) {}
