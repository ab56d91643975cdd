package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** A document of a signing session and what the signer does with it ({@code SIGN}). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionDocument(String documentCollectionId, String documentId, String action) {

    public static final String ACTION_SIGN = "SIGN";

    /** The document is to be signed. */
    public static SessionDocument sign(String documentCollectionId, String documentId) {
        return new SessionDocument(
                Objects.requireNonNull(documentCollectionId, "documentCollectionId"),
                Objects.requireNonNull(documentId, "documentId"),
                ACTION_SIGN);
    }
}
