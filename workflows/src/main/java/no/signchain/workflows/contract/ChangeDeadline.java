package no.signchain.workflows.contract;

import java.time.Instant;

/** Moves a signer's deadline; for the signer whose session is open, the session's due date moves too. */
public record ChangeDeadline(int signerIndex, Instant deadline, String actor) {}
