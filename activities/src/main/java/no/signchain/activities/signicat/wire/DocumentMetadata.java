package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/** Everything Signicat keeps about a stored document except its bytes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DocumentMetadata(
        String documentId,
        String mimeType,
        Instant createdAt,
        DocumentHash documentHash,
        String filename,
        String title,
        String description) {}
