package no.signchain.workflows.signing;

/** What the provider says of a session right now. */
public record SessionReading(String sessionRef, SessionState state) {}
