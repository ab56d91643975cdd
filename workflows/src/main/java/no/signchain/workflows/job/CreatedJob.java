package no.signchain.workflows.job;

/** A created job: the provider's id for it, as signchain stored it. No personal data. */
public record CreatedJob(String jobRef) {}
