package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Hash Signicat computed over a stored document, e.g. {@code SHA256}; lets us check a download. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DocumentHash(String hash, String hashAlgorithm) {}
