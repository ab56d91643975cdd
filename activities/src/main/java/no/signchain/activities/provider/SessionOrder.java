package no.signchain.activities.provider;

import java.time.Instant;

/**
 * What a provider needs to open one signer's session.
 *
 * @param externalReference signchain's key for the step, stored with the session at the provider so an orphaned
 *                          session can be found again; never carries personal data
 */
public record SessionOrder(String title, SignerIdentity signer, Instant dueAt, String externalReference) {}
