package no.signchain.activities.provider;

import java.time.Instant;

/** A session open at a provider: its id there and where the signer signs. */
public record ProviderSession(String sessionRef, String signatureUrl, Instant dueAt) {}
