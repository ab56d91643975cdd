package no.signchain.workflows.contract;

/**
 * A provider event that names a signing session. Only a hint: the workflow reads the session itself before it
 * acts, so a forged, duplicated or reordered event can at most cause an extra read.
 */
public record SessionEventHint(String eventId, String sessionRef) {}
