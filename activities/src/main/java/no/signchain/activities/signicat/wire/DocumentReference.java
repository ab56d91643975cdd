package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * Answer to an upload. Signicat deletes an uploaded document that is not put in a session within 30 minutes,
 * so create the collection and the session right after the upload.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DocumentReference(String documentId, String mimeType, Instant createdAt, DocumentHash documentHash) {}
