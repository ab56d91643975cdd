package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A packaged result (e.g. {@code PADES_CONTAINER}) of a collection or session; download {@code resultDocumentId}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResultPackage(String packageId, String resultDocumentId, String resultArchiveId, String packageType) {}
