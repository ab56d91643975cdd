package no.signchain.activities.signicat.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A group of uploaded documents that are signed together. A signing session refers to documents through the
 * collection they belong to.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignicatDocumentCollection(String id, List<Document> documents, List<String> packageTo, Output output) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Document(String documentId) {}

    /** Present once every session on the collection is signed and packaging was asked for. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Output(List<ResultPackage> packages) {}
}
